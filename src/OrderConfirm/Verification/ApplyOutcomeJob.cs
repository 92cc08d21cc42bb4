using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Writes the final outcome back to the shop. Failures retry with exponential backoff on our own schedule (the row
// holds the attempt count and the due time), then end in needs-attention with the reason; never silently.
public sealed partial class ApplyOutcomeJob(
    VerificationRepository verifications,
    StoreRepository stores,
    IEnumerable<IOrderWriteBack> writeBacks,
    JobDispatcher dispatcher,
    IOptionsMonitor<VerificationOptions> options,
    TimeProvider clock,
    ILogger<ApplyOutcomeJob> logger)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [VerificationJobName("Write back the outcome of")]
    public async Task RunAsync(long verificationId, CancellationToken cancellationToken)
    {
        var verification = await verifications.GetAsync(verificationId, cancellationToken);
        if (verification is not { Step: VerificationStep.Apply })
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (verification.DueAt is { } due && UnixTime.FromMs(due) > now.AddSeconds(1))
        {
            await dispatcher.DispatchAsync(verificationId, VerificationStep.Apply, UnixTime.FromMs(due), verification.JobId, cancellationToken);
            return;
        }

        var store = await stores.GetAsync(verification.StoreId, cancellationToken);
        if (store is null)
        {
            return;
        }

        // The last registration for a platform wins, as with any DI service.
        var writeBack = writeBacks.LastOrDefault(w => w.Platform == store.Platform);
        if (writeBack is null)
        {
            await verifications.CompleteWriteBackAsync(
                verificationId,
                WriteBackState.NotAvailable,
                $"This version has no write-back for {store.Platform} stores; the outcome is recorded here only",
                cancellationToken);
            return;
        }

        WriteBackResult result;
        try
        {
            result = await writeBack.ApplyAsync(store, verification, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            result = new WriteBackResult.RetryLater($"network error ({ex.HttpRequestError})");
        }
        catch (TimeoutException)
        {
            result = new WriteBackResult.RetryLater("timed out");
        }

        await RecordAsync(verification, result, cancellationToken);
    }

    private async Task RecordAsync(VerificationRecord verification, WriteBackResult result, CancellationToken cancellationToken)
    {
        var id = verification.Id;
        var settings = options.CurrentValue;
        switch (result)
        {
            case WriteBackResult.Done done:
                await verifications.CompleteWriteBackAsync(id, WriteBackState.Done, done.Summary, cancellationToken);
                break;

            case WriteBackResult.Failed failed:
                LogFailed(logger, id, failed.Reason);
                if (failed.CredentialsRejected)
                {
                    await stores.SetAttentionAsync(verification.StoreId, $"{failed.Reason} (seen {clock.GetUtcNow():u}); update the store's credentials, then retry the write-backs", cancellationToken);
                }

                await verifications.FailWriteBackAsync(id, $"The shop refused the write-back: {failed.Reason}", cancellationToken);
                break;

            case WriteBackResult.RetryLater retry when verification.WriteBackAttempts + 1 >= settings.MaxWriteBackAttempts:
                LogFailed(logger, id, retry.Reason);
                await verifications.FailWriteBackAsync(id, $"Write-back failed {verification.WriteBackAttempts + 1} times; last: {retry.Reason}", cancellationToken);
                break;

            case WriteBackResult.RetryLater retry:
                var attempt = verification.WriteBackAttempts + 1;
                var delay = retry.After ?? Backoff(settings.WriteBackRetryDelay, attempt);
                var dueAt = clock.GetUtcNow() + delay;
                if (await verifications.RetryWriteBackLaterAsync(id, dueAt, $"Write-back attempt {attempt} failed ({retry.Reason}); next attempt at {dueAt:u}", cancellationToken))
                {
                    await dispatcher.DispatchAsync(id, VerificationStep.Apply, dueAt, null, cancellationToken);
                }

                break;
        }
    }

    // base × 2^(attempt−1), ±20 % jitter, at most 30 minutes.
    internal static TimeSpan Backoff(TimeSpan baseDelay, int attempt)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential > TimeSpan.FromMinutes(30) ? TimeSpan.FromMinutes(30) : exponential;
#pragma warning disable CA5394 // jitter, not security
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-back of verification {Id} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, long id, string reason);
}
