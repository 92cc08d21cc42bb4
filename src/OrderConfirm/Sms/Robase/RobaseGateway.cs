using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Refit;

namespace OrderConfirm.Sms.Robase;

/// Robase (api.robase.dev) behind ISmsGateway. Robase takes an idempotency key, so its client retries sends (5xx, 429
/// with Retry-After, timeouts, network errors) always with the message's own key: a retry can never become a second
/// SMS. Nothing here logs or throws with the key, the number or the text in it. What else Robase offers (templates,
/// batches, status reads, cancelling) is in RobaseMessages; how an answer is read, in RobaseAnswers.
public sealed partial class RobaseGateway(IServiceProvider services, IOptions<RobaseOptions> options, TimeProvider clock, ILogger<RobaseGateway> logger) : ISmsGateway
{
    // Robase's documented limit for send_at.
    public static readonly TimeSpan MaxScheduleLead = TimeSpan.FromDays(30);

    public string Provider => SmsProviders.Robase;

    public Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, CancellationToken cancellationToken)
        => SendAsync(credentials, message, template: null, cancellationToken);

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

    // The one send path, a template send (RobaseMessages) included: the same schedule limit, the same key on every
    // attempt, the same classification.
    internal async Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, RobaseTemplate? template, CancellationToken cancellationToken)
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
            ? new RobaseSendRequest(RobaseAnswers.E164(message.To), message.From, message.Text, settings.Country, sendAt)
            : new RobaseSendRequest(RobaseAnswers.E164(message.To), message.From, null, settings.Country, sendAt, template.Slug, template.Variables);

        // The same key on every attempt: the retries below Refit re-send this very request with these headers.
        var headers = new Dictionary<string, string> { [settings.IdempotencyHeader] = message.IdempotencyKey };
        var attempts = new RobaseAttempts();
        SmsSendResult result;
        int? status = null;
        try
        {
            var response = await Api().SendAsync(credentials.ApiKey, headers, request, attempts, cancellationToken);
            status = (int?)response.StatusCode;
            result = RobaseAnswers.ClassifySend(response, attempts);
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
    internal IRobaseApi Api() => services.GetRequiredService<IRobaseApi>();

    [LoggerMessage(Level = LogLevel.Information, Message = "Robase send {IdempotencyKey} answered HTTP {StatusCode} after {Attempts} attempts: {Result}")]
    private static partial void LogSend(ILogger logger, string idempotencyKey, int? statusCode, int attempts, SmsSendResult result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Robase send {IdempotencyKey} refused locally: send_at is more than 30 days ahead")]
    private static partial void LogRefusedLocally(ILogger logger, string idempotencyKey);
}
