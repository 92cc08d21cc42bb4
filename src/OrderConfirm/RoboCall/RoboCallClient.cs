using OrderConfirm.Toolkit;
using Refit;

namespace OrderConfirm.RoboCall;

// Turns Robo Call's HTTP answers into outcomes the engine can act on. Nothing here logs or throws with a URL in it:
// the api_key and the customer's phone travel in the query string.
public sealed partial class RoboCallClient(IRoboCallDialApi dialApi, IRoboCallApi api, ILogger<RoboCallClient> logger)
{
    public async Task<DialResult> PlaceCallAsync(string apiKey, string phone, long amount, string voiceId, string storeName, string orderName, CancellationToken cancellationToken)
    {
        IApiResponse<PlaceCallResponse> response;
        try
        {
            response = await dialApi.PlaceCallAsync(apiKey, phone, amount, voiceId, storeName, orderName, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DialResult.Unknown("no answer from Robo Call within the dial timeout");
        }

        var result = ClassifyDial(response);
        LogDial(logger, (int?)response.StatusCode, result);
        return result;
    }

    public async Task<CallStatusResult> GetCallAsync(string apiKey, string callId, CancellationToken cancellationToken)
    {
        IApiResponse<CallStatusResponse> response;
        try
        {
            response = await api.GetCallAsync(apiKey, callId, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallStatusResult.Unavailable("timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new CallStatusResult.Unavailable(HttpAnswers.Describe(requestError));
        }

        var code = EffectiveCode(response, response.Content?.BodyStatus);
        return code switch
        {
            >= 200 and < 300 when response.Content?.Data?.CallStatus is { } status
                => new CallStatusResult.Status(status, response.Content.Data.Dtmf, response.Content.Data.Retry),
            >= 200 and < 300 => new CallStatusResult.Unavailable("the status response had no call_status"),
            401 or 403 => new CallStatusResult.InvalidKey($"HTTP {code}"),
            404 => new CallStatusResult.NotFound("Robo Call does not know this call id"),
            _ => new CallStatusResult.Unavailable($"HTTP {code}"),
        };
    }

    public async Task<BalanceResult> CheckBalanceAsync(string apiKey, CancellationToken cancellationToken)
    {
        IApiResponse<BalanceResponse> response;
        try
        {
            response = await api.CheckBalanceAsync(apiKey, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BalanceResult(false, null, null, "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new BalanceResult(false, null, null, HttpAnswers.Describe(requestError));
        }

        var code = EffectiveCode(response, response.Content?.BodyStatus);
        return code is >= 200 and < 300 && response.Content?.Data is { } data
            ? new BalanceResult(true, data.Balance, data.CallRate, "ok")
            : new BalanceResult(false, null, null, $"HTTP {code}");
    }

    // True when Robo Call accepts the key, false when it rejects it, null when it could not be asked.
    public async Task<bool?> VerifyKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        var response = await api.VerifyKeyAsync(apiKey, cancellationToken);
        if (response.HasRequestError(out _))
        {
            return null;
        }

        return EffectiveCode(response, response.Content?.BodyStatus) switch
        {
            >= 200 and < 300 => true,
            401 or 403 or 422 => false,
            _ => null,
        };
    }

    internal static DialResult ClassifyDial(IApiResponse<PlaceCallResponse> response)
    {
        if (response.HasRequestError(out var requestError))
        {
            // Only SendOnceGuard knows that nothing left this machine; any other transport error, even one that looks
            // like a refused connection, may follow a request the server already read.
            return requestError.InnerException is RequestNotSentException
                ? new DialResult.NotPlaced(DialRefusal.NotSent, $"could not connect to Robo Call ({HttpAnswers.Describe(requestError)})", TimeSpan.FromMinutes(5))
                : new DialResult.Unknown($"the request failed, possibly after it was sent ({HttpAnswers.Describe(requestError)})");
        }

        // Refit reads the body into Content only for a 2xx; an HTTP error keeps it on the ApiException.
        var body = response.Content ?? (response.Error is ApiException error && error.TryGetContentAs<PlaceCallResponse>(out var errorBody) ? errorBody : null);
        var code = EffectiveCode(response, body?.BodyStatus);
        var text = $"{body?.Message} {body?.Response}";
        if (code is >= 200 and < 300)
        {
            if (response.Error is not null)
            {
                return new DialResult.Unknown($"HTTP {(int)(response.StatusCode ?? 0)} with a body that could not be read");
            }

            return body?.Data?.CallId is { } callId
                ? new DialResult.Placed(callId)
                : new DialResult.Unknown($"HTTP {code} without a call_id");
        }

        // A 5xx is never a refusal, whatever its message says: the server may have failed after it queued the call.
        return code switch
        {
            402 => new DialResult.NotPlaced(DialRefusal.OutOfBalance, "Robo Call reports the account is out of balance (402)"),
            401 or 403 => new DialResult.NotPlaced(DialRefusal.InvalidKey, $"Robo Call rejected the API key ({code})"),
            429 => new DialResult.NotPlaced(DialRefusal.RateLimited, "Robo Call is rate limiting (429)", HttpAnswers.RetryAfter(response)),

            // Not documented, but a 4xx is a refusal either way; naming the balance lets the key pause until
            // check_balance shows credit instead of waiting for a person.
            >= 400 and < 500 when text.Contains("balance", StringComparison.OrdinalIgnoreCase)
                => new DialResult.NotPlaced(DialRefusal.OutOfBalance, $"Robo Call reports the account is out of balance ({code})"),
            422 when text.Contains("key", StringComparison.OrdinalIgnoreCase) => new DialResult.NotPlaced(DialRefusal.InvalidKey, $"Robo Call rejected the API key ({code})"),
            400 or 404 or 422 => new DialResult.NotPlaced(DialRefusal.BadRequest, $"Robo Call rejected the request ({code}); check RoboCall:BaseUrl and the store's voice id"),
            _ => new DialResult.Unknown($"HTTP {code}"),
        };
    }

    // Robo Call sometimes answers HTTP 200 with the real status inside the body.
    private static int EffectiveCode(IApiResponse response, int? bodyStatus)
    {
        var http = (int)(response.StatusCode ?? 0);
        if (http is >= 200 and < 300 && bodyStatus is { } status and >= 100 and < 600)
        {
            return status;
        }

        return http;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Robo Call dial answered HTTP {StatusCode}: {Result}")]
    private static partial void LogDial(ILogger logger, int? statusCode, DialResult result);
}
