using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.RoboCall;
using OrderConfirm.Telemetry;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Verification;

// Places the verification call, at most once per attempt. Everything that can fail is done before the dial is claimed
// (recorded and committed); after the claim every path ends in placed, not placed or unknown, and this job never
// dials the same verification again. What happens before the claim is decided by CallPreparation and carried out
// here; the job itself is the claim, the dial and the recording of its answer (docs/verification-states.md, "Dial").
public sealed partial class PlaceCallJob(
    CallPreparation preparation,
    VerificationRepository verifications,
    ShopOrders shopOrders,
    RoboCallClient roboCall,
    RoboCallAccounts accounts,
    JobDispatcher dispatcher,
    StoreZones zones,
    IOptionsMonitor<RoboCallOptions> roboCallOptions,
    IOptionsMonitor<VerificationOptions> verificationOptions,
    OrderConfirmMetrics metrics,
    TimeProvider clock,
    ILogger<PlaceCallJob> logger)
{
    private static readonly TimeSpan MaxFailureDelay = TimeSpan.FromMinutes(30);

    [Queue("calls")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [VerificationJobName("Call customer for", ShowsAttempt = true)]
    public async Task RunAsync(long verificationId, CancellationToken cancellationToken)
    {
        DialFacts? dial;
        DateTimeOffset? startedAt;
        try
        {
            dial = await FollowAsync(verificationId, await preparation.PrepareAsync(verificationId, cancellationToken), cancellationToken);
            startedAt = dial is null ? null : await ClaimAsync(dial, cancellationToken);
        }
#pragma warning disable CA1031 // nobody was called yet: any failure is counted and retried on our own schedule
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            await RecordFailureAsync(verificationId, exception, cancellationToken);
            return;
        }

        if (dial is not null && startedAt is { } started)
        {
            using var span = OrderTraces.Start("dial", dial.Verification.TraceParent, ("orderconfirm.verification_id", verificationId), ("orderconfirm.attempt", dial.Verification.Attempt));
            if (dial.Verification is { Attempt: 1, DialStartedAt: null })
            {
                metrics.FirstDial(dial.Platform, started - DateTimeOffset.FromUnixTimeMilliseconds(dial.Verification.CreatedAt));
            }

            await DialAsync(dial, started);
        }
    }

    // Carries out a decision not to dial (now); returns what the dial needs when the decision is to dial. Each
    // transition is conditional on the row still waiting for its call, so a run that lost a race changes nothing.
    private async Task<DialFacts?> FollowAsync(long id, CallDecision decision, CancellationToken cancellationToken)
    {
        switch (decision)
        {
            case CallDecision.Dial dial:
                return dial.Facts;
            case CallDecision.WaitForDueTime wait:
                await dispatcher.DispatchAsync(id, VerificationStep.Call, wait.DueAt, wait.JobId, cancellationToken);
                break;
            case CallDecision.Postpone postpone:
                await PostponeAsync(id, postpone.Until, postpone.Message, cancellationToken);
                break;
            case CallDecision.DoNotCall stop:
                await verifications.StopAsync(id, stop.Reason, cancellationToken);
                break;
            case CallDecision.NeedsAttention attention:
                await verifications.NeedsAttentionAsync(id, VerificationStep.Call, attention.Reason, cancellationToken);
                break;
        }

        return null;
    }

    // The point of no return. Returns when the dial began, or null when this run must not dial.
    private async Task<DateTimeOffset?> ClaimAsync(DialFacts dial, CancellationToken cancellationToken)
    {
        var verification = dial.Verification;
        if (await verifications.BeginDialAsync(verification.Id, verification.Attempt, cancellationToken) is { } startedAt)
        {
            return startedAt;
        }

        // Another run claimed it, or the shop closed the order meanwhile (the claim re-checks shop_orders).
        if (await shopOrders.ClosedReasonAsync(verification.StoreId, verification.OrderId, cancellationToken) is { } closed)
        {
            await verifications.StopAsync(verification.Id, $"The order was {closed} in the shop before the call", cancellationToken);
        }

        return null;
    }

    // After the claim: nothing may cancel half-way, and nothing that goes wrong may lead to a second dial.
    private async Task DialAsync(DialFacts dial, DateTimeOffset startedAt)
    {
        DialResult result;
        try
        {
            result = await roboCall.PlaceCallAsync(dial.ApiKey, dial.Phone, dial.Amount, dial.VoiceId, dial.StoreName, dial.OrderName, CancellationToken.None);
        }
#pragma warning disable CA1031 // the request may have left: whatever failed, the outcome is unknown
        catch (Exception exception)
#pragma warning restore CA1031
        {
            result = new DialResult.Unknown($"the dial failed with {exception.GetType().Name}");
        }

        metrics.Dial(result switch { DialResult.Placed => "placed", DialResult.NotPlaced => "refused", _ => "unknown" });

        // If recording fails (database down), the job fails and the row stays "dialing": the sweeper's stuck-dial case.
        // The filter only logs, so that a call id is never lost with the exception.
        try
        {
            await RecordAsync(dial, startedAt, result);
        }
        catch (Exception exception) when (LogNotRecorded(dial.Verification.Id, result, exception))
        {
            throw;
        }
    }

    private bool LogNotRecorded(long id, DialResult result, Exception exception)
    {
        LogDialNotRecorded(logger, id, result, exception.GetType().Name);
        return false;
    }

    private async Task RecordAsync(DialFacts dial, DateTimeOffset startedAt, DialResult result)
    {
        var id = dial.Verification.Id;
        var policy = dial.Policy;
        var options = roboCallOptions.CurrentValue;
        var now = clock.GetUtcNow();
        var none = CancellationToken.None;
        switch (result)
        {
            case DialResult.Placed placed:
                await RecordPlacedAsync(id, startedAt, placed.CallId, now + policy.PollInterval, now + policy.GiveUpAfter);
                await accounts.ClearAsync(dial.KeyFingerprint, none);
                break;

            case DialResult.NotPlaced { Refusal: DialRefusal.OutOfBalance } refusal:
                await accounts.MarkOutOfBalanceAsync(dial.KeyFingerprint, none);
                LogOutOfBalance(logger, dial.KeyFingerprint);
                var resumeAt = now + options.OutOfBalancePause;
                await ReturnToPendingAsync(id, startedAt, resumeAt, $"{refusal.Detail}; nobody was called. Dialing with this key is paused, call postponed to {TimeZones.Stamp(resumeAt, policy.Zone)}");
                break;

            case DialResult.NotPlaced { Refusal: DialRefusal.RateLimited or DialRefusal.NotSent } refusal:
                var retryAt = now + Clamp(refusal.RetryAfter ?? TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
                await ReturnToPendingAsync(id, startedAt, retryAt, $"{refusal.Detail}; nobody was called, trying again at {TimeZones.Stamp(retryAt, policy.Zone)}");
                break;

            case DialResult.NotPlaced { Refusal: DialRefusal.InvalidKey } refusal:
                await accounts.MarkRejectedAsync(dial.KeyFingerprint, none);
                await NeedsAttentionAsync(id, startedAt, $"{refusal.Detail}; nobody was called. Fix the store's Robo Call key, then redial.");
                break;

            case DialResult.NotPlaced refusal:
                await NeedsAttentionAsync(id, startedAt, $"{refusal.Detail}; nobody was called.");
                break;

            case DialResult.Unknown unknown:
                LogUnknownDial(logger, id, unknown.Detail);
                await NeedsAttentionAsync(
                    id,
                    startedAt,
                    $"Dial outcome unknown: {unknown.Detail}. The customer may have been called; not redialled automatically. Check the Robo Call portal, then redial or leave it.");
                break;
        }
    }

    // The call id is never dropped: if the sweeper marked this dial stuck meanwhile, the call is followed again; if a
    // person acted on the verification since, the id at least goes on its timeline.
    private async Task RecordPlacedAsync(long id, DateTimeOffset startedAt, string callId, DateTimeOffset firstPoll, DateTimeOffset giveUpAt)
    {
        var none = CancellationToken.None;
        if (await verifications.RecordCallPlacedAsync(id, startedAt, callId, firstPoll, giveUpAt, none))
        {
            return;
        }

        if (await verifications.ResumeStuckDialAsync(id, startedAt, callId, firstPoll, giveUpAt, none))
        {
            LogResumedStuckDial(logger, id, callId);
            return;
        }

        LogCallIdNotApplied(logger, id, callId);
        await verifications.AddEventAsync(
            id,
            "call-placed-late",
            $"Robo Call accepted the call (call id {callId}) after the dial had been marked stuck, but the verification had been acted on since; the call id was not applied. The customer is being called: check this call in the Robo Call portal.",
            none);
    }

    private async Task ReturnToPendingAsync(long id, DateTimeOffset startedAt, DateTimeOffset dueAt, string message)
    {
        if (await verifications.ReturnToPendingAsync(id, startedAt, dueAt, message, CancellationToken.None))
        {
            await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, CancellationToken.None);
        }
        else
        {
            await NoteLateAnswerAsync(id, message);
        }
    }

    private async Task NeedsAttentionAsync(long id, DateTimeOffset startedAt, string reason)
    {
        if (!await verifications.DialNeedsAttentionAsync(id, startedAt, reason, CancellationToken.None))
        {
            await NoteLateAnswerAsync(id, reason);
        }
    }

    // The sweeper marked the dial stuck before Robo Call answered; what the answer said still helps whoever looks.
    private Task NoteLateAnswerAsync(long id, string message)
        => verifications.AddEventAsync(id, "dial-answer-late", $"Robo Call answered after the dial had been marked stuck: {message}", CancellationToken.None);

    // A run failed before the claim, so nobody was called. It is counted and the call tried again on our own schedule,
    // and the Hangfire job ends normally so failed jobs do not pile up; after Verification:MaxCallFailures a person has
    // to look. If even this cannot be written (database down), the job fails and the sweeper re-drives the row later.
    private async Task RecordFailureAsync(long id, Exception exception, CancellationToken cancellationToken)
    {
        // The type only: an exception's message can carry a URL with the api_key and the phone.
        var error = exception.GetType().Name;
        LogFailedBeforeDial(logger, id, error);
        var verification = await verifications.GetAsync(id, cancellationToken);
        if (verification is not { Step: VerificationStep.Call })
        {
            return;
        }

        var settings = verificationOptions.CurrentValue;
        var failures = verification.CallFailures + 1;
        if (failures >= settings.MaxCallFailures)
        {
            await verifications.GiveUpCallAfterFailuresAsync(
                id,
                verification.CallFailures,
                error,
                $"The call could not be prepared {failures} times in a row (last error: {error}); nobody was called. Fix the cause, then redial.",
                cancellationToken);
            return;
        }

        var delay = settings.CallFailureRetryDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        var dueAt = clock.GetUtcNow() + (delay < MaxFailureDelay ? delay : MaxFailureDelay);
        var message = $"Preparing the call failed ({error}); nobody was called. Failure {failures} of at most {settings.MaxCallFailures}, trying again at {await zones.StampAsync(verification.StoreId, dueAt, cancellationToken)}";
        if (await verifications.RetryCallAfterFailureAsync(id, verification.CallFailures, error, dueAt, message, cancellationToken))
        {
            await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, cancellationToken);
        }
    }

    private async Task PostponeAsync(long id, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
    {
        if (await verifications.PostponeCallAsync(id, dueAt, "postponed", message, cancellationToken))
        {
            await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, cancellationToken);
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Robo Call account {KeyFingerprint} is out of balance; dialing with it is paused until check_balance shows credit")]
    private static partial void LogOutOfBalance(ILogger logger, string keyFingerprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dial outcome of verification {Id} is unknown ({Detail}); it needs attention")]
    private static partial void LogUnknownDial(ILogger logger, long id, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "The dial of verification {Id} ended in {Result}, but recording it failed with {Error}; the sweeper will mark the dial stuck")]
    private static partial void LogDialNotRecorded(ILogger logger, long id, DialResult result, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preparing the call of verification {Id} failed with {Error}; nobody was called")]
    private static partial void LogFailedBeforeDial(ILogger logger, long id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Robo Call accepted call {CallId} of verification {Id} after its dial had been marked stuck; following the call again")]
    private static partial void LogResumedStuckDial(ILogger logger, long id, string callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Robo Call accepted call {CallId} of verification {Id} after its dial had been marked stuck and the verification was acted on; the call id was not applied")]
    private static partial void LogCallIdNotApplied(ILogger logger, long id, string callId);
}
