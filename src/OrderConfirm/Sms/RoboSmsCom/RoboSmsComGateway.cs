using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Refit;

namespace OrderConfirm.Sms.RoboSmsCom;

// robo-sms.com: POST sms/ with "Authorization: Basic <token>" (the account's token as the document shows it, not
// base64 of user:pass) and { content, to, country_code, device_id }. Its documented outcomes come without status codes
// or bodies, so every answer is sorted by HTTP status first and by the words of its code/error second; anything that
// does not clearly say "not sent" is an unknown outcome, never a retry. Nothing here logs or returns the token, the
// number or the gateway's message text (which may echo the number).
//
// A singleton (SmsGateways is one), so the Refit clients are resolved per use rather than captured: a typed client held
// for the process's life would pin one handler chain and never see the factory's handler rotation (or a DNS change).
public sealed partial class RoboSmsComGateway(IServiceProvider services, IOptions<RoboSmsComOptions> options, ILogger<RoboSmsComGateway> logger) : ISmsGateway
{
    // "1 credit will be deducted for 480 characters."
    public const int CharactersPerCredit = 480;

    private static readonly JsonSerializerOptions BodyJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Provider => SmsProviders.RoboSms;

    public async Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var body = new SendBody(message.Text, "+" + message.To.TrimStart('+'), settings.CountryCode, string.IsNullOrWhiteSpace(settings.DeviceId) ? null : settings.DeviceId);
        using var content = new SendOnceContent(JsonSerializer.SerializeToUtf8Bytes(body, BodyJson), "application/json");

        IApiResponse<string> response;
        try
        {
            response = await services.GetRequiredService<IRoboSmsComSendApi>().SendAsync(settings.SendPath.TrimStart('/'), credentials.ApiKey, content, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Whoever cancelled, the request may already have been read: unknown, never "not sent".
            return Log(new SmsSendResult.Unknown("the send was cancelled or timed out while in flight"), null);
        }

        return Log(Classify(response, message.Text.Length), (int?)response.StatusCode);
    }

    public async Task<SmsBalanceResult> CheckBalanceAsync(SmsCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var path = options.Value.BalancePath?.Trim().TrimStart('/');
        if (string.IsNullOrEmpty(path))
        {
            return new SmsBalanceResult(false, null, null, "robo-sms.com has no documented balance endpoint", Unreadable: true);
        }

        IApiResponse<string> response;
        try
        {
            response = await services.GetRequiredService<IRoboSmsComReadApi>().GetAsync(path, credentials.ApiKey, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmsBalanceResult(false, null, null, "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new SmsBalanceResult(false, null, null, HttpAnswers.Describe(requestError));
        }

        var answer = RoboSmsComAnswer.Parse(BodyText(response));
        var status = EffectiveStatus(response, answer);
        if (status is 401 or 403 || (status is >= 400 and < 500 && Refusal(answer) == SmsRefusal.InvalidKey))
        {
            return new SmsBalanceResult(false, null, null, $"robo-sms.com rejected the token (HTTP {status})", InvalidKey: true);
        }

        return status is >= 200 and < 300 && !answer.ReportsError && answer.Balance is { } balance
            ? new SmsBalanceResult(true, balance, "credits", "ok")
            : new SmsBalanceResult(false, null, null, $"HTTP {status} without a readable balance");
    }

    internal static SmsSendResult Classify(IApiResponse<string> response, int textLength)
    {
        if (response.HasRequestError(out var requestError))
        {
            // Only the send guard knows nothing left this machine; any other transport error (a reset, a timeout, a
            // refused connection after a write) may follow a request robo-sms.com already read.
            return requestError.InnerException is RequestNotSentException
                ? new SmsSendResult.NotSent(SmsRefusal.NotSent, $"could not connect ({HttpAnswers.Describe(requestError)})")
                : new SmsSendResult.Unknown($"the request failed, possibly after it was sent ({HttpAnswers.Describe(requestError)})");
        }

        var answer = RoboSmsComAnswer.Parse(BodyText(response));
        var status = EffectiveStatus(response, answer);
        var code = answer.Code is { } c ? $"HTTP {status} {c}" : $"HTTP {status}";

        if (status is >= 200 and < 300)
        {
            if (!answer.IsJsonObject)
            {
                // An HTML page or nothing at all: perhaps a proxy or a wrong path, perhaps a send. Nobody can tell.
                return new SmsSendResult.Unknown($"HTTP {status} with a body that could not be read");
            }

            if (answer.ReportsError)
            {
                // A 200 that says "error": definite only when it names a documented refusal.
                return Refusal(answer) is { } refused
                    ? new SmsSendResult.NotSent(refused, code)
                    : new SmsSendResult.Unknown($"HTTP {status} reporting an error that is not a documented refusal");
            }

            return answer.Credits is { } credits
                ? new SmsSendResult.Sent(answer.MessageId, answer.Segments, credits, "credits", answer.Status)
                : new SmsSendResult.Sent(answer.MessageId, answer.Segments, ComputedCredits(textLength), "credits (computed)", answer.Status);
        }

        // A 5xx is never a refusal, whatever its body says: the server may have failed after it handed the SMS on.
        return status switch
        {
            401 or 403 => new SmsSendResult.NotSent(SmsRefusal.InvalidKey, code),
            402 => new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, code),
            429 => new SmsSendResult.NotSent(SmsRefusal.RateLimited, code, HttpAnswers.RetryAfter(response)),
            415 => new SmsSendResult.NotSent(SmsRefusal.BadRequest, code),
            >= 400 and < 500 when Refusal(answer) is { } refused => new SmsSendResult.NotSent(refused, code),

            // A client error naming nothing we know is still a refusal of the request as written (our bug or a wrong
            // SendPath), except a request timeout, after which the server may have read everything.
            400 or 404 or 405 or 411 or 413 or 422 => new SmsSendResult.NotSent(SmsRefusal.BadRequest, code),
            _ => new SmsSendResult.Unknown(code),
        };
    }

    // The documented error cases by the words of their code or error text. Order matters: "invalid token" must not
    // read as an invalid number, "not enough credits for the contacts number" not as a number, and "sms number
    // bigger than your devices can send" not as credits.
    private static SmsRefusal? Refusal(RoboSmsComAnswer answer)
    {
        var words = answer.Keywords;
        if (Has(words, " token", "unauthori", "unauthenticated", "forbidden", "api key", "apikey", " auth"))
        {
            return SmsRefusal.InvalidKey;
        }

        if (Has(words, "device"))
        {
            return SmsRefusal.NoDevice;
        }

        if (Has(words, "credit", "balance", "insufficient", "not enough"))
        {
            return SmsRefusal.OutOfBalance;
        }

        if (Has(words, "content type", "contenttype", "media type", " json", " empty", "missing", "required", " field"))
        {
            return SmsRefusal.BadRequest;
        }

        if (Has(words, "phone", " number", " prefix", "country code", "countrycode", "e.164", "e164", "recipient", "msisdn"))
        {
            return SmsRefusal.InvalidNumber;
        }

        return null;
    }

    private static bool Has(string words, params string[] keys) => keys.Any(k => words.Contains(k, StringComparison.Ordinal));

    private static int ComputedCredits(int textLength) => Math.Max(1, (textLength + CharactersPerCredit - 1) / CharactersPerCredit);

    // Some PHP back ends answer 200 and put the real status in the body; only an error status there is believed.
    private static int EffectiveStatus(IApiResponse response, RoboSmsComAnswer answer)
    {
        var http = (int)(response.StatusCode ?? 0);
        return http is >= 200 and < 300 && answer.BodyStatus is >= 400 and < 600 ? answer.BodyStatus.Value : http;
    }

    // Refit keeps the body of a 2xx in Content and that of an HTTP error on the ApiException.
    private static string? BodyText(IApiResponse<string> response)
        => response.Content ?? (response.Error as ApiException)?.Content;

    private SmsSendResult Log(SmsSendResult result, int? statusCode)
    {
        LogSend(logger, statusCode, result);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "robo-sms.com send answered HTTP {StatusCode}: {Result}")]
    private static partial void LogSend(ILogger logger, int? statusCode, SmsSendResult result);

    private sealed record SendBody(
        [property: JsonPropertyName("content")] string Content,
        [property: JsonPropertyName("to")] string To,
        [property: JsonPropertyName("country_code")] string CountryCode,
        [property: JsonPropertyName("device_id")] string? DeviceId);
}
