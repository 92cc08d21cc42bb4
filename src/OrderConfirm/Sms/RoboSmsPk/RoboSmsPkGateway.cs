using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Polly.Timeout;

namespace OrderConfirm.Sms.RoboSmsPk;

// Robo SMS (Pakistan): GET query-string API, no idempotency key. A send goes out at most once (no retry, SendOnceGuard)
// and every failure after it may have left is Unknown. Nothing here logs or throws with a URL in it: the api_key and
// the customer's phone travel in the query string.
//
// A singleton (SmsGateways is one), so the Refit clients are resolved per call rather than captured: a typed client
// held for the process's life would pin one handler chain and never see the factory's handler rotation.
public sealed partial class RoboSmsPkGateway(IServiceProvider services, IOptionsMonitor<RoboSmsPkOptions> options, ILogger<RoboSmsPkGateway> logger) : ISmsGateway
{
    // Robo SMS also offers "promotional"; order confirmations are transactional (and promotional traffic is blocked at
    // night under PTA rules).
    private const string MessageType = "transactional";

    public string Provider => SmsProviders.RoboSmsPk;

    public Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(message);
        return SendCoreAsync(credentials, message.To, message.Text, message.From, message.Encoding, cancellationToken);
    }

    /// One text to several numbers in one request (the document's bulk send: "to" as a comma-separated list). Same
    /// rules as a single send: never repeated, and any failure after it may have left is Unknown for every number.
    public Task<SmsSendResult> SendBulkAsync(SmsCredentials credentials, IReadOnlyList<string> to, string text, string? from, SmsEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(to);
        if (to.Count == 0 || to.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("At least one number, none of them empty.", nameof(to));
        }

        return SendCoreAsync(credentials, string.Join(',', to), text, from, encoding, cancellationToken);
    }

    public async Task<SmsBalanceResult> CheckBalanceAsync(SmsCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var api = services.GetRequiredService<IRoboSmsPkApi>();
        try
        {
            using var response = await api.GetBalanceAsync(options.CurrentValue.BalancePath.Trim('/'), credentials.ApiKey, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var result = RoboSmsPkAnswers.ClassifyBalance((int)response.StatusCode, body);
            LogBalance(logger, (int)response.StatusCode, result.Succeeded, result.Detail);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var detail = Describe(exception);
            LogBalance(logger, null, false, detail);
            return new SmsBalanceResult(false, null, null, detail);
        }
    }

    private async Task<SmsSendResult> SendCoreAsync(SmsCredentials credentials, string to, string text, string? from, SmsEncoding encoding, CancellationToken cancellationToken)
    {
        var api = services.GetRequiredService<IRoboSmsPkSendApi>();
        SmsSendResult result;
        int? status = null;
        try
        {
            using var response = await api.SendAsync(
                options.CurrentValue.SendPath.Trim('/'),
                credentials.ApiKey,
                to,
                text,
                string.IsNullOrWhiteSpace(from) ? null : from,
                MessageType,
                encoding == SmsEncoding.Ucs2 ? 1 : 0,
                cancellationToken);
            status = (int)response.StatusCode;
            string? body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The status line arrived, the body did not: judge by the status alone (a 2xx becomes Unknown).
                body = null;
            }

            var retryAfter = response.Headers.RetryAfter is { } header ? header.Delta ?? header.Date - DateTimeOffset.UtcNow : null;
            result = RoboSmsPkAnswers.ClassifySend(status.Value, body, retryAfter);
        }
        catch (Exception exception) when (Find<RequestNotSentException>(exception) is { } notSent)
        {
            // Only SendOnceGuard knows that nothing left this machine: nobody was texted.
            result = new SmsSendResult.NotSent(SmsRefusal.NotSent, notSent.HttpRequestError.ToString());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A timeout, a connection lost after the request was written, anything else: it may have been sent.
            result = new SmsSendResult.Unknown($"the request failed, possibly after it was sent ({Describe(exception)})");
        }

        LogSend(logger, status, result);
        return result;
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    // Only the exception type and the transport error kind: an exception message can carry the request URL.
    private static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException or OperationCanceledException => "timed out",
        HttpRequestException http => $"{nameof(HttpRequestException)}: {http.HttpRequestError}",
        { InnerException: HttpRequestException http } => $"{nameof(HttpRequestException)}: {http.HttpRequestError}",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Robo SMS (PK) send answered HTTP {StatusCode}: {Result}")]
    private static partial void LogSend(ILogger logger, int? statusCode, SmsSendResult result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Robo SMS (PK) balance answered HTTP {StatusCode}: succeeded {Succeeded}, {Detail}")]
    private static partial void LogBalance(ILogger logger, int? statusCode, bool succeeded, string detail);
}
