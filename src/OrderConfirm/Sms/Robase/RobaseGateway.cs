using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using OrderConfirm.Toolkit;
using Refit;

namespace OrderConfirm.Sms.Robase;

/// Robase (api.robase.dev) behind ISmsGateway. Robase takes an idempotency key, so its client retries sends (5xx, 429
/// with Retry-After, timeouts, network errors) always with the message's own key: a retry can never become a second
/// SMS. Nothing here logs or throws with the key, the number or the text in it.
public sealed partial class RobaseGateway(IServiceProvider services, IOptions<RobaseOptions> options, TimeProvider clock, ILogger<RobaseGateway> logger) : ISmsGateway
{
    public const int MaxBatchRows = 1000;

    // Robase's documented limit for send_at.
    public static readonly TimeSpan MaxScheduleLead = TimeSpan.FromDays(30);

    public string Provider => SmsProviders.Robase;

    public Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, CancellationToken cancellationToken)
        => SendAsync(credentials, message, template: null, cancellationToken);

    /// A send rendered by Robase from a registered template (message.Text is not sent).
    public Task<SmsSendResult> SendTemplateAsync(SmsCredentials credentials, SmsMessage message, RobaseTemplate template, CancellationToken cancellationToken)
        => SendAsync(credentials, message, template, cancellationToken);

    public async Task<IReadOnlyList<SmsSendResult>> SendBatchAsync(SmsCredentials credentials, string? from, IReadOnlyList<RobaseBatchRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        if (rows.Count > MaxBatchRows)
        {
            // Robase rejects the whole request above its documented maximum; refusing here costs no round trip.
            return Same(rows.Count, new SmsSendResult.NotSent(SmsRefusal.BadRequest, "batch_too_large"));
        }

        var settings = options.Value;
        var request = new RobaseBatchRequest(from, rows.Select(r => new RobaseBatchMessage(E164(r.To), r.Body, r.IdempotencyKey)).ToList(), settings.Country);
        var attempts = new RobaseAttempts();
        IApiResponse<RobaseBatchResponse> response;
        try
        {
            response = await Api().SendBatchAsync(credentials.ApiKey, request, attempts, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Same(rows.Count, new SmsSendResult.Unknown("no answer from Robase within the timeout"));
        }

        var status = (int)(response.StatusCode ?? 0);
        if (response.HasRequestError(out _) || !response.IsSuccessStatusCode || response.Content is null)
        {
            // The whole batch failed the way one send would: every row gets that outcome.
            var whole = ClassifyFailure(response, attempts);
            LogBatch(logger, status, rows.Count, 0, whole);
            return Same(rows.Count, whole);
        }

        var results = new SmsSendResult[rows.Count];
        foreach (var row in response.Content.Data ?? [])
        {
            if (row.Index < 0 || row.Index >= rows.Count)
            {
                continue;
            }

            if (row.Sms is { } sms && (row.Error is null || row.Error.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined))
            {
                results[row.Index] = Sent(sms, row.Replayed == true, replayHeader: false);
            }
            else
            {
                // A row Robase reported as failed in a 200 answer is a definite refusal of that row alone.
                var type = row.Error is { } error ? RobaseErrors.TypeOf(error) : null;
                results[row.Index] = new SmsSendResult.NotSent(RobaseErrors.RefusalFor(type) ?? SmsRefusal.BadRequest, type ?? "row_failed");
            }
        }

        for (var i = 0; i < results.Length; i++)
        {
            // A row missing from the answer may or may not have been taken.
            results[i] ??= new SmsSendResult.Unknown("the batch answer has no row for this message");
        }

        var sent = results.Count(r => r is SmsSendResult.Sent);
        LogBatch(logger, status, rows.Count, sent, null);
        return results;
    }

    public async Task<RobaseStatusResult> GetAsync(SmsCredentials credentials, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        IApiResponse<RobaseSms> response;
        try
        {
            response = await Api().GetAsync(credentials.ApiKey, id, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RobaseStatusResult(false, null, [], "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new RobaseStatusResult(false, null, [], HttpAnswers.Describe(requestError));
        }

        var code = (int)(response.StatusCode ?? 0);
        return code switch
        {
            >= 200 and < 300 when response.Content is { } sms => new RobaseStatusResult(
                true,
                sms.Status,
                (sms.ProviderAttempts ?? []).Select(a => new RobaseProviderAttempt(a.Provider, a.AttemptedAt, a.Ok, a.ProviderMessageId, a.ErrorCode)).ToList(),
                "ok"),
            401 or 403 => new RobaseStatusResult(false, null, [], $"HTTP {code}", InvalidKey: true),
            404 => new RobaseStatusResult(false, null, [], "Robase does not know this message id"),
            _ => new RobaseStatusResult(false, null, [], $"HTTP {code}"),
        };
    }

    public async Task<RobaseCancelResult> CancelAsync(SmsCredentials credentials, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        IApiResponse<RobaseSms> response;
        try
        {
            response = await Api().CancelAsync(credentials.ApiKey, id, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RobaseCancelResult(RobaseCancelOutcome.Failed, null, "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new RobaseCancelResult(RobaseCancelOutcome.Failed, null, HttpAnswers.Describe(requestError));
        }

        var code = (int)(response.StatusCode ?? 0);
        return code switch
        {
            >= 200 and < 300 => new RobaseCancelResult(RobaseCancelOutcome.Cancelled, response.Content?.Status ?? "cancelled", "cancelled"),

            // Documented: once send_at has passed the cancel is a no-op answered with conflict. The SMS went out as
            // planned; for us that is a fact to record, not a failure.
            409 => new RobaseCancelResult(RobaseCancelOutcome.AlreadySent, null, "already sent: send_at has passed"),
            401 or 403 => new RobaseCancelResult(RobaseCancelOutcome.InvalidKey, null, $"HTTP {code}"),
            404 => new RobaseCancelResult(RobaseCancelOutcome.NotFound, null, "Robase does not know this message id"),
            _ => new RobaseCancelResult(RobaseCancelOutcome.Failed, null, $"HTTP {code}"),
        };
    }

    public async Task<SmsBalanceResult> CheckBalanceAsync(SmsCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (options.Value.BalancePath is not { Length: > 0 } path)
        {
            return new SmsBalanceResult(false, null, null, "no documented balance endpoint (set Sms:Robase:BalancePath if the account has one; a 402 on send shows an empty quota)", Unreadable: true);
        }

        IApiResponse<JsonElement> response;
        try
        {
            response = await Api().GetBalanceAsync(credentials.ApiKey, path.TrimStart('/'), cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmsBalanceResult(false, null, null, "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new SmsBalanceResult(false, null, null, HttpAnswers.Describe(requestError));
        }

        var code = (int)(response.StatusCode ?? 0);
        if (code is 401 or 403)
        {
            return new SmsBalanceResult(false, null, null, $"HTTP {code}", InvalidKey: true);
        }

        if (code is < 200 or >= 300 || response.Content.ValueKind != JsonValueKind.Object)
        {
            return new SmsBalanceResult(false, null, null, $"HTTP {code}");
        }

        // Undocumented shape: a "balance" number (or amount_kobo + currency like the cost object), top level or
        // under "data".
        var body = response.Content.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : response.Content;
        var currency = body.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (body.TryGetProperty("amount_kobo", out var kobo) && kobo.TryGetDecimal(out var minor))
        {
            return new SmsBalanceResult(true, minor, $"{currency ?? "?"} minor units", "ok");
        }

        return body.TryGetProperty("balance", out var balance) && balance.ValueKind == JsonValueKind.Number && balance.TryGetDecimal(out var amount)
            ? new SmsBalanceResult(true, amount, currency ?? "unknown", "ok")
            : new SmsBalanceResult(false, null, null, "the balance answer had no balance");
    }

    /// Classifies one send's answer. Internal for tests that feed answers directly.
    internal static SmsSendResult ClassifySend(IApiResponse<RobaseSms> response, RobaseAttempts attempts)
    {
        if (!response.HasRequestError(out _) && response.IsSuccessStatusCode)
        {
            if (response.Error is not null || response.Content is null)
            {
                return new SmsSendResult.Unknown($"HTTP {(int)(response.StatusCode ?? 0)} with a body that could not be read");
            }

            var replayHeader = response.Headers?.TryGetValues("Idempotent-Replayed", out var values) == true
                && values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
            return Sent(response.Content, response.Content.Replayed == true, replayHeader);
        }

        return ClassifyFailure(response, attempts);
    }

    private static SmsSendResult ClassifyFailure(IApiResponse response, RobaseAttempts attempts)
    {
        if (response.HasRequestError(out var requestError))
        {
            if (attempts.NoneLeft)
            {
                return new SmsSendResult.NotSent(SmsRefusal.NotSent, "connection_failed");
            }

            return requestError.InnerException is TimeoutRejectedException or OperationCanceledException
                ? new SmsSendResult.Unknown($"no answer from Robase after {attempts.Count} attempts with the same idempotency key")
                : new SmsSendResult.Unknown($"the request failed, possibly after Robase read it ({HttpAnswers.Describe(requestError)})");
        }

        var code = (int)(response.StatusCode ?? 0);
        var type = RobaseErrors.TypeOf((response.Error as ApiException)?.Content);
        if (code >= 500)
        {
            // Robase may have queued the message and failed afterwards. Only a later attempt under the same key could
            // have shown that (with a replay), and after the last attempt there is none: an unknown outcome, so the
            // SMS never fails over to another gateway (with MaxRetries = 0 a single 5xx is exactly this).
            return new SmsSendResult.Unknown(attempts.AnyLost
                ? $"HTTP {code} after {attempts.Count} attempts, some of them unanswered"
                : $"HTTP {code} after {attempts.Count} attempts with the same idempotency key; the last may have been stored");
        }

        var refusal = RobaseErrors.RefusalFor(type) ?? code switch
        {
            401 or 403 => SmsRefusal.InvalidKey,
            402 => SmsRefusal.OutOfBalance,
            429 => SmsRefusal.RateLimited,
            400 or 404 or 405 or 409 or 413 or 415 or 422 => SmsRefusal.BadRequest,
            _ => (SmsRefusal?)null,
        };

        if (refusal is null)
        {
            return new SmsSendResult.Unknown($"HTTP {code}");
        }

        return new SmsSendResult.NotSent(refusal.Value, type ?? code.ToString(CultureInfo.InvariantCulture), refusal == SmsRefusal.RateLimited ? HttpAnswers.RetryAfter(response) : null);
    }

    private static SmsSendResult.Sent Sent(RobaseSms sms, bool replayed, bool replayHeader)
    {
        // test_mode rides on Status: a test key's "sent" reached no carrier, and the timeline should say so.
        var status = sms.TestMode == true ? $"{sms.Status ?? "accepted"} (test_mode)" : sms.Status;
        var unit = sms.Cost?.AmountKobo is null ? null : $"{sms.Cost.Currency ?? "?"} minor units";
        return new SmsSendResult.Sent(sms.Id, sms.Segments, sms.Cost?.AmountKobo, unit, status, replayed || replayHeader);
    }

    private async Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, RobaseTemplate? template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        string? sendAt = null;
        if (message.SendAt is { } at)
        {
            if (at - clock.GetUtcNow() > MaxScheduleLead)
            {
                LogRefusedLocally(logger, message.IdempotencyKey);
                return new SmsSendResult.NotSent(SmsRefusal.BadRequest, "send_at_too_far");
            }

            sendAt = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        var request = template is null
            ? new RobaseSendRequest(E164(message.To), message.From, message.Text, settings.Country, sendAt)
            : new RobaseSendRequest(E164(message.To), message.From, null, settings.Country, sendAt, template.Slug, template.Variables);

        // The same key on every attempt: the retries below Refit re-send this very request with these headers.
        var headers = new Dictionary<string, string> { [settings.IdempotencyHeader] = message.IdempotencyKey };
        var attempts = new RobaseAttempts();
        SmsSendResult result;
        int? status = null;
        try
        {
            var response = await Api().SendAsync(credentials.ApiKey, headers, request, attempts, cancellationToken);
            status = (int?)response.StatusCode;
            result = ClassifySend(response, attempts);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = attempts.NoneLeft
                ? new SmsSendResult.NotSent(SmsRefusal.NotSent, "connection_failed")
                : new SmsSendResult.Unknown($"no answer from Robase after {attempts.Count} attempts with the same idempotency key");
        }

        LogSend(logger, message.IdempotencyKey, status, attempts.Count, result);
        return result;
    }

    // The typed client is resolved per call: the gateway is a singleton, and holding one typed client would pin its
    // HttpMessageHandler (and its DNS answers) for the life of the process.
    private IRobaseApi Api() => services.GetRequiredService<IRobaseApi>();

    // SmsMessage.To is 92XXXXXXXXXX; Robase wants E.164.
    private static string E164(string to) => to.StartsWith('+') ? to : "+" + to;

    private static SmsSendResult[] Same(int count, SmsSendResult result) => Enumerable.Repeat(result, count).ToArray();

    [LoggerMessage(Level = LogLevel.Information, Message = "Robase send {IdempotencyKey} answered HTTP {StatusCode} after {Attempts} attempts: {Result}")]
    private static partial void LogSend(ILogger logger, string idempotencyKey, int? statusCode, int attempts, SmsSendResult result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Robase send {IdempotencyKey} refused locally: send_at is more than 30 days ahead")]
    private static partial void LogRefusedLocally(ILogger logger, string idempotencyKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Robase batch of {Rows} answered HTTP {StatusCode}: {Sent} sent, whole-batch outcome {Whole}")]
    private static partial void LogBatch(ILogger logger, int statusCode, int rows, int sent, SmsSendResult? whole);
}
