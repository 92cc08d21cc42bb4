using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Sms;
using OrderConfirm.Stores;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Writes the final outcome back to the shop. Failures (an answer from the shop, or anything the write-back throws)
// retry with exponential backoff on our own schedule (the row holds the attempt count and the due time), then end in
// needs-attention with the reason; never silently, and never as a failed Hangfire job the sweeper would re-drive
// without counting. A shop that only asks us to slow down is waited out without spending an attempt.
public sealed partial class ApplyOutcomeJob(
    VerificationRepository verifications,
    StoreRepository stores,
    IEnumerable<IOrderWriteBack> writeBacks,
    JobDispatcher dispatcher,
    SmsDispatcher smsDispatcher,
    IOptionsMonitor<VerificationOptions> options,
    TimeProvider clock,
    ILogger<ApplyOutcomeJob> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

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

        WriteBackResult? result;
        try
        {
            result = await WriteBackAsync(verification, cancellationToken);
        }
#pragma warning disable CA1031 // any failure (a database blip, a store that cannot be decrypted, a bug) is an attempt
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // The type only: an exception's message can carry a URL, a token or a phone number.
            LogThrew(logger, verificationId, ex.GetType().Name);
            result = new WriteBackResult.RetryLater(Describe(ex));
        }

        // Recording is the one thing that may fail the job (the database is down): the sweeper re-drives the step.
        if (result is not null)
        {
            await RecordAsync(verification, result, cancellationToken);
        }
    }

    // Null when there is nothing left to record.
    private async Task<WriteBackResult?> WriteBackAsync(VerificationRecord verification, CancellationToken cancellationToken)
    {
        var store = await stores.GetAsync(verification.StoreId, cancellationToken);
        if (store is null)
        {
            return null; // deleted with its verifications
        }

        // The customer's SMS does not wait for the shop. It is recorded as due before the write-back on every run, so
        // a run whose recording failed (counted as an attempt, like any failure here) is followed by one that records
        // it; a later run finds it claimed.
        await smsDispatcher.QueueAsync(store, verification.Id, SmsDispatcher.EventFor(verification.Outcome ?? verification.Status), cancellationToken);

        // The last registration for a platform wins, as with any DI service.
        var writeBack = writeBacks.LastOrDefault(w => w.Platform == store.Platform);
        if (writeBack is null)
        {
            await verifications.CompleteWriteBackAsync(
                verification.Id,
                verification.Status,
                WriteBackState.NotAvailable,
                $"This version has no write-back for {store.Platform} stores; the outcome is recorded here only",
                cancellationToken);
            return null;
        }

        return await writeBack.ApplyAsync(store, verification, cancellationToken);
    }

    private async Task RecordAsync(VerificationRecord verification, WriteBackResult result, CancellationToken cancellationToken)
    {
        var id = verification.Id;
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        switch (result)
        {
            case WriteBackResult.Done done:
                await verifications.CompleteWriteBackAsync(id, verification.Status, WriteBackState.Done, done.Summary, cancellationToken);
                break;

            case WriteBackResult.Failed failed:
                LogFailed(logger, id, failed.Reason);
                if (failed.CredentialsRejected)
                {
                    await stores.SetAttentionAsync(verification.StoreId, $"{failed.Reason} (seen {now:u}); update the store's credentials, then retry the write-backs", cancellationToken);
                }

                await verifications.FailWriteBackAsync(id, verification.Status, $"The shop refused the write-back: {failed.Reason}", cancellationToken);
                break;

            // Being asked to slow down is not a failure: no attempt is spent. The jitter keeps the orders a sale
            // throttled together from all coming back at the same instant.
            case WriteBackResult.Throttled throttled:
                var wait = ThrottleDelay(throttled.After);
                var resumeAt = now + wait;
                var message = string.Create(CultureInfo.InvariantCulture, $"{throttled.Reason}; writing back in {wait.TotalSeconds:0.000} s, at {resumeAt:u} (not counted as a failed attempt)");
                if (await verifications.WaitWriteBackAsync(id, verification.Status, resumeAt, message, cancellationToken))
                {
                    await dispatcher.DispatchAsync(id, VerificationStep.Apply, resumeAt, null, cancellationToken);
                }

                break;

            case WriteBackResult.RetryLater retry when verification.WriteBackAttempts + 1 >= settings.MaxWriteBackAttempts:
                LogFailed(logger, id, retry.Reason);
                await verifications.FailWriteBackAsync(id, verification.Status, $"Write-back failed {verification.WriteBackAttempts + 1} times; last: {retry.Reason}", cancellationToken);
                break;

            case WriteBackResult.RetryLater retry:
                var attempt = verification.WriteBackAttempts + 1;
                // A Retry-After from the shop is a lower bound on top of our own backoff.
                var delay = Backoff(settings.WriteBackRetryDelay, attempt);
                var asked = retry.After is { } after ? ThrottleDelay(after) : TimeSpan.Zero;
                var dueAt = now + (asked > delay ? asked : delay);
                if (await verifications.RetryWriteBackLaterAsync(id, verification.Status, dueAt, $"Write-back attempt {attempt} failed ({retry.Reason}); next attempt at {dueAt:u}", cancellationToken))
                {
                    await dispatcher.DispatchAsync(id, VerificationStep.Apply, dueAt, null, cancellationToken);
                }

                break;
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException http => $"network error ({http.HttpRequestError})",
        TimeoutException => "timed out",
        _ => $"{exception.GetType().Name} during the write-back",
    };

    // base × 2^(attempt−1), ±20 % jitter, never more than 30 minutes.
    internal static TimeSpan Backoff(TimeSpan baseDelay, int attempt)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential > MaxBackoff ? MaxBackoff : exponential;
#pragma warning disable CA5394 // jitter, not security
        var jittered = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
        return jittered > MaxBackoff ? MaxBackoff : jittered;
    }

    // At least the wait the shop asked for, plus up to a fifth of it more (at least up to a second more).
    internal static TimeSpan ThrottleDelay(TimeSpan asked)
    {
        var spread = asked * 0.2 > TimeSpan.FromSeconds(1) ? asked * 0.2 : TimeSpan.FromSeconds(1);
#pragma warning disable CA5394 // jitter, not security
        return asked + (spread * Random.Shared.NextDouble());
#pragma warning restore CA5394
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-back of verification {Id} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, long id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-back of verification {Id} threw {ExceptionType}; counted as a failed attempt")]
    private static partial void LogThrew(ILogger logger, long id, string exceptionType);
}
