using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Sms;
using OrderConfirm.Stores;
using OrderConfirm.Storage;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Verification;

// Writes the final outcome back to the shop. Failures (an answer from the shop, or anything the write-back throws)
// retry with exponential backoff on our own schedule (the row holds the attempt count and the due time), then end in
// needs-attention with the reason; never silently, and never as a failed Hangfire job the sweeper would re-drive
// without counting. A shop that only asks us to slow down is waited out without spending an attempt.
// One run at a time talks to the shop about a verification (WriteBackTurns): when the customer answers by link while
// an earlier outcome is being written, that run stops before its next request and writes the newer outcome itself;
// a run that finds the turn taken comes back when it ends at the latest, in case its holder died.
public sealed partial class ApplyOutcomeJob(
    VerificationRepository verifications,
    WriteBackTurns turns,
    StoreRepository stores,
    IServiceProvider services,
    JobDispatcher dispatcher,
    SmsDispatcher smsDispatcher,
    StoreZones zones,
    IOptionsMonitor<VerificationOptions> options,
    OrderConfirmMetrics metrics,
    TimeProvider clock,
    ILogger<ApplyOutcomeJob> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

    // An outcome changes at most a few times (a link answer after unreachable), so a run that keeps losing its turn to
    // newer outcomes hands over to a fresh job rather than loop.
    private const int MaxTurnsPerRun = 4;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [VerificationJobName("Write back the outcome of")]
    public async Task RunAsync(long verificationId, CancellationToken cancellationToken)
    {
        for (var round = 1; round <= MaxTurnsPerRun; round++)
        {
            var verification = await verifications.GetAsync(verificationId, cancellationToken);
            if (verification is not { Step: VerificationStep.Apply })
            {
                return;
            }

            var now = clock.GetUtcNow();
            // From the second round on, this run lost its turn to a newer outcome and writes it itself, now: a run that
            // found the turn taken meanwhile may have put the row's due time at the end of that turn.
            if (round == 1 && verification.DueAt is { } due && UnixTime.FromMs(due) > now.AddSeconds(1))
            {
                await dispatcher.DispatchAsync(verificationId, VerificationStep.Apply, UnixTime.FromMs(due), verification.JobId, cancellationToken);
                return;
            }

            if (await turns.ClaimAsync(verification, cancellationToken) is not { } turn)
            {
                await ComeBackAfterTurnAsync(verification, cancellationToken);
                return;
            }

            using (OrderTraces.Start("write back", verification.TraceParent, ("orderconfirm.verification_id", verificationId), ("orderconfirm.outcome", verification.Outcome ?? verification.Status)))
            {
                if (await TakeTurnAsync(verification, turn, cancellationToken))
                {
                    return;
                }
            }

            LogSuperseded(logger, verificationId, turn.Status);
        }

        await dispatcher.DeferAsync(verificationId, VerificationStep.Apply, clock.GetUtcNow(), cancellationToken);
    }

    // False when the outcome changed during the turn: nothing was recorded and the caller writes the newer one.
    private async Task<bool> TakeTurnAsync(VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
    {
        WriteBackResult? result;
        try
        {
            result = await WriteBackAsync(verification, turn, cancellationToken);
        }
#pragma warning disable CA1031 // any failure (a database blip, a store that cannot be decrypted, a bug) is an attempt
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // The type only: an exception's message can carry a URL, a token or a phone number.
            LogThrew(logger, verification.Id, ex.GetType().Name);
            result = new WriteBackResult.RetryLater(Describe(ex));
        }

        // A request that ended without the shop's answer may still be applied by it: another outcome waits a little.
        if (result is WriteBackResult.RetryLater)
        {
            turns.SettleAfterUnansweredRequest(turn);
        }

        if (result is WriteBackResult.Superseded)
        {
            await turns.ReleaseAsync(turn, cancellationToken);
            return false;
        }

        // Recording is the one thing that may fail the job (the database is down): the sweeper re-drives the step, and
        // the turn runs out by itself.
        if (await RecordAsync(verification, turn, result, cancellationToken))
        {
            return true;
        }

        await turns.ReleaseAsync(turn, cancellationToken);
        return false;
    }

    // Another run holds the turn. It writes any newer outcome itself before it lets go; this job only comes back for
    // the case where that run died holding it.
    private async Task ComeBackAfterTurnAsync(VerificationRecord verification, CancellationToken cancellationToken)
    {
        if (await turns.HeldUntilAsync(verification.Id, cancellationToken) is { } until)
        {
            LogTurnTaken(logger, verification.Id, until);
            await dispatcher.DeferAsync(verification.Id, VerificationStep.Apply, until.AddSeconds(1), cancellationToken);
        }
    }

    // Null when there is nothing left to record.
    private async Task<WriteBackResult?> WriteBackAsync(VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
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

        // Each platform registers its write-back under its key (ShopPlatformRegistration).
        if (services.GetKeyedService<IOrderWriteBack>(store.Platform) is not { } writeBack)
        {
            return new WriteBackResult.Done(
                $"This version has no write-back for {store.Platform} stores; the outcome is recorded here only",
                WriteBackState.NotAvailable);
        }

        WriteBackResult? result = null;
        try
        {
            result = await writeBack.ApplyAsync(store, verification, turn, cancellationToken);
            return result;
        }
        finally
        {
            metrics.WriteBack(store.Platform, result switch
            {
                WriteBackResult.Done => "written",
                WriteBackResult.Failed => "failed",
                WriteBackResult.Throttled => "throttled",
                WriteBackResult.Superseded => "superseded",
                null => "error",
                _ => "retry",
            });
        }
    }

    // False when the row's status or turn changed since the run read it: nothing was recorded.
    private async Task<bool> RecordAsync(VerificationRecord verification, WriteBackTurn turn, WriteBackResult? result, CancellationToken cancellationToken)
    {
        var id = verification.Id;
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        switch (result)
        {
            case null:
                return true;

            case WriteBackResult.Done done:
                return await verifications.CompleteWriteBackAsync(id, turn, done.State, done.Summary, cancellationToken);

            case WriteBackResult.Failed failed:
                LogFailed(logger, id, failed.Reason);
                if (failed.CredentialsRejected)
                {
                    await stores.SetAttentionAsync(verification.StoreId, $"{failed.Reason} (seen {await zones.StampAsync(verification.StoreId, now, cancellationToken)}); update the store's credentials, then retry the write-backs", cancellationToken);
                }

                return await verifications.FailWriteBackAsync(id, turn, $"The shop refused the write-back: {failed.Reason}", cancellationToken);

            // Being asked to slow down is not a failure: no attempt is spent. The jitter keeps the orders a sale
            // throttled together from all coming back at the same instant.
            case WriteBackResult.Throttled throttled:
                var wait = ThrottleDelay(throttled.After);
                var resumeAt = now + wait;
                var resumeText = await zones.StampAsync(verification.StoreId, resumeAt, cancellationToken);
                var message = string.Create(CultureInfo.InvariantCulture, $"{throttled.Reason}; writing back in {wait.TotalSeconds:0.000} s, at {resumeText} (not counted as a failed attempt)");
                if (!await verifications.WaitWriteBackAsync(id, turn, resumeAt, message, cancellationToken))
                {
                    return false;
                }

                await dispatcher.DispatchAsync(id, VerificationStep.Apply, resumeAt, null, cancellationToken);
                return true;

            case WriteBackResult.RetryLater retry when verification.WriteBackAttempts + 1 >= settings.MaxWriteBackAttempts:
                LogFailed(logger, id, retry.Reason);
                return await verifications.FailWriteBackAsync(id, turn, $"Write-back failed {verification.WriteBackAttempts + 1} times; last: {retry.Reason}", cancellationToken);

            case WriteBackResult.RetryLater retry:
                var attempt = verification.WriteBackAttempts + 1;
                // A Retry-After from the shop is a lower bound on top of our own backoff.
                var delay = Backoff(settings.WriteBackRetryDelay, attempt);
                var asked = retry.After is { } after ? ThrottleDelay(after) : TimeSpan.Zero;
                var dueAt = now + (asked > delay ? asked : delay);
                if (!await verifications.RetryWriteBackLaterAsync(id, turn, dueAt, $"Write-back attempt {attempt} failed ({retry.Reason}); next attempt at {await zones.StampAsync(verification.StoreId, dueAt, cancellationToken)}", cancellationToken))
                {
                    return false;
                }

                await dispatcher.DispatchAsync(id, VerificationStep.Apply, dueAt, null, cancellationToken);
                return true;

            default:
                throw new InvalidOperationException($"Unknown write-back result {result.GetType().Name}");
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Write-back of verification {Id} stopped: its outcome changed from {Outcome} while it ran; writing the newer one")]
    private static partial void LogSuperseded(ILogger logger, long id, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Write-back of verification {Id} waits: another run has its turn until {Until:u}")]
    private static partial void LogTurnTaken(ILogger logger, long id, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-back of verification {Id} threw {ExceptionType}; counted as a failed attempt")]
    private static partial void LogThrew(ILogger logger, long id, string exceptionType);
}
