using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Custom;

/// Sends one result webhook event to the custom shop's resultWebhookUrl, signed (ResultWebhookSignature). A 2xx ends it;
/// a 5xx, 408, 429, a timeout or a failed connection is tried again after a jittered, doubling delay, up to
/// ResultWebhooks:MaxAttempts; any other answer, or an address the guard refuses, marks it failed. Only one run sends
/// an event at a time (ResultDeliveries.ClaimAsync), and the run that got the 2xx records it before giving the lease
/// back, so a duplicate job or a late retry finds it delivered and sends nothing. (A process that dies between the 2xx
/// and that write sends the event again after the lease: receivers deduplicate by webhook-id.)
public sealed partial class ResultDeliveryJob(
    ResultDeliveries deliveries,
    StoreRepository stores,
    IHttpClientFactory httpClients,
    IBackgroundJobClient jobs,
    IOptionsMonitor<ResultWebhookOptions> options,
    TimeProvider clock,
    ILogger<ResultDeliveryJob> logger)
{
    public const string HttpClientName = "result-webhooks";

    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    [Queue("default")]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Result webhook: delivery {0}")]
    public async Task RunAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();

        // The lease outlives the request's timeout, so no second run can send while this one waits for an answer.
        if (await deliveries.ClaimAsync(deliveryId, now, now + settings.Timeout + TimeSpan.FromSeconds(30), cancellationToken) is not { } delivery)
        {
            LogNothingToSend(logger, deliveryId);
            return;
        }

        var store = await stores.GetAsync(delivery.StoreId, cancellationToken);
        var url = store?.Settings.Section<CustomShopSettings>().ResultWebhookUrl;
        if (store?.Secrets is not { ResultWebhookSecret: not null } secrets || string.IsNullOrWhiteSpace(url))
        {
            await deliveries.FailedAsync(deliveryId, null, "The store has no result webhook URL any more.", now, CancellationToken.None);
            return;
        }

        var (statusCode, error, retry) = await SendAsync(new Uri(url.Trim()), secrets, delivery, settings.Timeout, cancellationToken);
        var after = clock.GetUtcNow();
        if (error is null)
        {
            await deliveries.DeliveredAsync(deliveryId, statusCode!.Value, after, CancellationToken.None);
            LogDelivered(logger, deliveryId, delivery.StoreId, statusCode.Value, delivery.Attempts);
            return;
        }

        if (!retry || delivery.Attempts >= settings.MaxAttempts)
        {
            await deliveries.FailedAsync(deliveryId, statusCode, error, after, CancellationToken.None);
            LogFailed(logger, deliveryId, delivery.StoreId, delivery.Attempts, error);
            return;
        }

        var next = after + Backoff(settings.RetryDelay, delivery.Attempts);
        await deliveries.RetryAtAsync(deliveryId, statusCode, error, next, CancellationToken.None);
        jobs.Schedule<ResultDeliveryJob>(j => j.RunAsync(deliveryId, CancellationToken.None), next);
        LogRetrying(logger, deliveryId, delivery.StoreId, delivery.Attempts, error, next);
    }

    /// The wait after the attempt-th failed attempt: RetryDelay doubled per attempt, capped at a day, ±25 % jitter so
    /// the events of one receiver that came back do not all arrive in the same second.
    public static TimeSpan Backoff(TimeSpan first, int attempt)
    {
        var doubled = first * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = doubled > MaxDelay ? MaxDelay : doubled;
        return capped * (RandomNumberGenerator.GetInt32(750, 1251) / 1000.0);
    }

    // (status code, error or null on a 2xx, whether to try again)
    private async Task<(int? StatusCode, string? Error, bool Retry)> SendAsync(Uri url, StoreSecrets secrets, ResultDelivery delivery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", ResultWebhookSignature.Header(secrets, clock.GetUtcNow(), delivery.EventId, timestamp, delivery.Payload));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (code, null, false)
                : (code, $"The receiver answered {code}.", code >= 500 || code is 408 or 429);
        }
        catch (HttpRequestException e) when (ShopAddressRefusedException.In(e) is { } refused)
        {
            return (null, refused.Message, false);
        }
        catch (HttpRequestException e)
        {
            return (null, $"The connection failed ({e.HttpRequestError}).", true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"The receiver did not answer within {timeout.TotalSeconds:0.#} s.", true);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Result delivery {Id}: nothing to send (delivered, failed or being sent by another run)")]
    private static partial void LogNothingToSend(ILogger logger, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Result delivery {Id} of store {StoreId} delivered ({StatusCode}) at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, long id, long storeId, int statusCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result delivery {Id} of store {StoreId} attempt {Attempt} failed: {Error}; next attempt at {Next}")]
    private static partial void LogRetrying(ILogger logger, long id, long storeId, int attempt, string error, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result delivery {Id} of store {StoreId} failed for good after {Attempt} attempts: {Error}")]
    private static partial void LogFailed(ILogger logger, long id, long storeId, int attempt, string error);
}
