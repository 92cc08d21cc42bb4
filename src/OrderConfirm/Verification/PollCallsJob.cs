using System.Collections.Concurrent;
using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.RoboCall;
using OrderConfirm.Sms;
using OrderConfirm.Stores;
using OrderConfirm.Storage;
using OrderConfirm.Webhooks;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Verification;

// Recurring: reads the status of every placed call whose next poll is due, in batches with bounded parallelism.
// Each row is claimed with a conditional update first, so two servers running this at once never read the same call.
// What each reading leads to: docs/verification-states.md, "Poll".
public sealed partial class PollCallsJob(
    VerificationRepository verifications,
    StoreRepository stores,
    CallPolicyResolver policies,
    RoboCallClient roboCall,
    JobDispatcher dispatcher,
    SmsDispatcher smsDispatcher,
    ShopOrders shopOrders,
    IOptionsMonitor<RoboCallOptions> roboCallOptions,
    TimeProvider clock,
    ILogger<PollCallsJob> logger)
{
    // Long enough for one status read with its retries; a claim outlives a crashed run by at most this much.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxRunTime = TimeSpan.FromMinutes(5);

    // Further reads of a call's status, after the HTTP client's own retries, before this poll gives up.
    private const int ReadRetries = 2;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Poll Robo Call for calls that are due")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = roboCallOptions.CurrentValue;
        var started = clock.GetTimestamp();
        var storeCache = new ConcurrentDictionary<long, Task<Store?>>();
        while (!cancellationToken.IsCancellationRequested && clock.GetElapsedTime(started) < MaxRunTime)
        {
            var batch = await verifications.ClaimDuePollsAsync(Lease, options.PollBatchSize, cancellationToken);
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelPolls, CancellationToken = cancellationToken },
                async (verification, ct) =>
                {
                    var store = await storeCache.GetOrAdd(verification.StoreId, id => stores.GetAsync(id, ct));
                    await PollAsync(verification, store, options, ct);
                });

            if (batch.Count < options.PollBatchSize)
            {
                break;
            }
        }
    }

    private async Task PollAsync(VerificationRecord verification, Store? store, RoboCallOptions options, CancellationToken cancellationToken)
    {
        if (store is null || verification.CallId is null)
        {
            return;
        }

        using var span = OrderTraces.Start("poll call", verification.TraceParent, ("orderconfirm.verification_id", verification.Id), ("orderconfirm.poll", verification.Polls + 1));

        var policy = policies.For(store);
        var result = policy.ApiKey is null
            ? new CallStatusResult.InvalidKey("no Robo Call API key is configured")
            : await ReadAsync(policy.ApiKey, verification.CallId, options.ReadRetryDelay, cancellationToken);

        // Taken after the read, which may have retried for a while.
        var now = clock.GetUtcNow();
        var giveUpAt = UnixTime.FromMs(verification.GiveUpAt);
        var giveUp = giveUpAt is { } g && now >= g;
        switch (result)
        {
            // A final status is the real outcome, whenever it is read: the give-up time only decides for calls that
            // are still ringing.
            case CallStatusResult.Status status:
                var outcome = RoboCallStatuses.Map(status.CallStatus, status.Dtmf, status.Retry, options.CallRetries);
                if (outcome is not null)
                {
                    var message = status.CallStatus == RoboCallStatuses.Answered
                        ? $"Customer answered and {(status.Dtmf is { } key ? $"pressed {key}" : "pressed no key")}: {outcome}"
                        : $"Call {RoboCallStatuses.Describe(status.CallStatus)} after Robo Call's {status.Retry} retries: {outcome}";
                    await FinishAsync(verification, store, policy, outcome, status, message, cancellationToken);
                }
                else if (giveUp)
                {
                    await FinishAsync(verification, store, policy, VerificationStatus.Unreachable, status, $"No final call status by the give-up time (last: {RoboCallStatuses.Describe(status.CallStatus)}): unreachable", cancellationToken);
                }
                else
                {
                    var changed = status.CallStatus != verification.RoboStatus || status.Retry != verification.RoboRetry;
                    await verifications.RecordPollAsync(
                        verification.Id,
                        status.CallStatus,
                        status.Dtmf,
                        status.Retry,
                        NextPoll(now, policy.PollDelay(verification.Polls + 1), giveUpAt),
                        changed ? $"Robo Call: {RoboCallStatuses.Describe(status.CallStatus)}{(status.Retry is { } r ? $" (retry {r})" : "")}" : null,
                        cancellationToken);
                }

                break;

            case CallStatusResult failure when giveUp:
                await verifications.NeedsAttentionAsync(verification.Id, VerificationStep.Poll, $"The call status could not be read before the give-up time ({Detail(failure)})", cancellationToken);
                break;

            // A read that failed says nothing about the call: the spacing stays where it was.
            case CallStatusResult failure:
                var detail = Detail(failure);
                LogReadFailed(logger, verification.Id, detail);
                await verifications.RecordPollFailureAsync(verification.Id, NextPoll(now, policy.PollDelay(verification.Polls), giveUpAt), cancellationToken);
                break;
        }
    }

    // The HTTP client already retried within a second or two; this covers a provider that stumbles for longer before
    // the poll is left to the next round.
    private async Task<CallStatusResult> ReadAsync(string apiKey, string callId, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var result = await roboCall.GetCallAsync(apiKey, callId, cancellationToken);
        for (var retry = 1; retry <= ReadRetries && result is CallStatusResult.Unavailable && clock.GetElapsedTime(started) < Lease / 2; retry++)
        {
#pragma warning disable CA5394 // jitter, not security
            var delay = retryDelay * (4 << (retry - 1)) * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
            await Task.Delay(delay, clock, cancellationToken);
            result = await roboCall.GetCallAsync(apiKey, callId, cancellationToken);
        }

        return result;
    }

    // Never past the give-up time, so the deciding read happens at it rather than up to ten intervals later.
    private static DateTimeOffset NextPoll(DateTimeOffset now, TimeSpan delay, DateTimeOffset? giveUpAt)
        => giveUpAt is { } g && g > now && now + delay > g ? g : now + delay;

    // An unanswered attempt with attempts left goes back to waiting for its next dial instead of to the write-back; the
    // last one is decided by the store's no-answer policy, unless the shop closed the order while the call rang: then
    // the call's own outcome stands, as under hold (a closed order is never called, answered by link or written onto,
    // so the write-back writes nothing and the SMS that outcome leads to is dropped). Either way a conditional update,
    // so a second poll of the same call finds nothing to do.
    private async Task FinishAsync(VerificationRecord verification, Store store, CallPolicy policy, string outcome, CallStatusResult.Status status, string message, CancellationToken cancellationToken)
    {
        var id = verification.Id;
        var rules = policy.NoAnswer;
        var attempt = verification.Attempt;
        if (rules.CallsAgain(outcome, attempt))
        {
            var dueAt = rules.NextAttemptAt(clock.GetUtcNow(), policy.Window, policy.Zone);
            var line = $"Attempt {attempt} of {rules.TotalAttempts} unanswered ({outcome}); attempt {attempt + 1} at {TimeZones.Stamp(dueAt, policy.Zone)}. {message} (call id {verification.CallId})";
            // The customer learns now that we tried; the send is claimed once, so the last attempt queuing it again is harmless.
            var smsEvent = SmsDispatcher.Texts(store, SmsEvents.Fallback) ? SmsEvents.Fallback : null;
            if (await verifications.ScheduleReattemptAsync(id, attempt, dueAt, line, smsEvent, cancellationToken))
            {
                if (smsEvent is not null)
                {
                    smsDispatcher.Enqueue(id, smsEvent);
                }

                await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, cancellationToken);
            }

            return;
        }

        var (final, decidedBy, note) = !rules.PolicyDecides(outcome, attempt) ? (outcome, Deciders.Call, "")
            : rules.Policy switch
            {
                NoAnswerRules.Cancel => (VerificationStatus.Cancelled, Deciders.NoAnswerPolicy, $". Nobody answered {NoAnswerRules.Calls(attempt)}: cancelled by the store's no-answer policy (cancel)"),
                NoAnswerRules.Confirm => (VerificationStatus.Confirmed, Deciders.NoAnswerPolicy, $". Nobody answered {NoAnswerRules.Calls(attempt)}: confirmed without an answer by the store's no-answer policy (confirm)"),
                _ => (outcome, Deciders.Call, $". Nobody answered {NoAnswerRules.Calls(attempt)}: held for a person by the store's no-answer policy (hold)"),
            };
        if (decidedBy == Deciders.NoAnswerPolicy)
        {
            if (await verifications.FinishCallByPolicyAsync(id, final, status.CallStatus, status.Dtmf, status.Retry, message + note, cancellationToken))
            {
                await dispatcher.DispatchAsync(id, VerificationStep.Apply, clock.GetUtcNow(), null, cancellationToken);
                return;
            }

            // Another poll finished it, or the shop closed the order meanwhile.
            if (await shopOrders.ClosedReasonAsync(verification.StoreId, verification.OrderId, cancellationToken) is not { } closed)
            {
                return;
            }

            (final, decidedBy, note) = (outcome, Deciders.Call,
                $". Nobody answered {NoAnswerRules.Calls(attempt)}; the order was {closed} in the shop, so the store's no-answer policy ({rules.Policy}) does not decide it");
        }

        if (await verifications.FinishCallAsync(id, final, decidedBy, status.CallStatus, status.Dtmf, status.Retry, message + note, cancellationToken))
        {
            await dispatcher.DispatchAsync(id, VerificationStep.Apply, clock.GetUtcNow(), null, cancellationToken);
        }
    }

    private static string Detail(CallStatusResult failure) => failure switch
    {
        CallStatusResult.NotFound f => f.Detail,
        CallStatusResult.InvalidKey f => $"the API key was rejected: {f.Detail}",
        CallStatusResult.Unavailable f => f.Detail,
        _ => failure.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Status of verification {Id}'s call could not be read ({Detail}); reading again later")]
    private static partial void LogReadFailed(ILogger logger, long id, string detail);
}
