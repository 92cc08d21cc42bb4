using OrderConfirm.Security;
using OrderConfirm.Sms;
using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

public sealed partial class VerificationIntake(
    StoreRepository stores,
    VerificationRepository verifications,
    CallPolicyResolver policies,
    SecretProtector protector,
    JobDispatcher dispatcher,
    SmsDispatcher smsDispatcher,
    TimeProvider clock,
    ILogger<VerificationIntake> logger)
{
    public async Task<IntakeResult> SubmitAsync(OrderSubmission order, CancellationToken cancellationToken)
    {
        var store = await stores.GetAsync(order.StoreId, cancellationToken);
        if (store is null)
        {
            return new IntakeResult.StoreNotFound();
        }

        if (!store.Enabled)
        {
            return new IntakeResult.StoreDisabled(store.DisabledReason);
        }

        var policy = policies.For(store);
        var now = clock.GetUtcNow();
        var validPhone = PakistaniMobile.TryNormalize(order.Phone, out var phone);
        var dueAt = policy.Window.NextOpening(now + policy.CallDelay, policy.Zone);
        // An order of a store that cannot place a call (its Robo Call key or voice is missing, e.g. a default the
        // store relied on was removed from the configuration) is kept, never accepted as ready: it waits in
        // needs-attention with the reason, and a redial calls it once the store is fixed. The admin API refuses
        // such orders with a 409 before they get here; webhooks and reconciliation cannot be answered that way.
        var cannotCall = validPhone && order.SkipReason is null && policy.WhyNoCall() is { Count: > 0 } why
            ? $"The store cannot place calls ({string.Join(" ", why.Select(w => $"{w.Key}: {w.Value}"))}); nobody was called. Set it with PATCH /api/stores/{store.Id}, then redial."
            : null;
        var callable = validPhone && order.SkipReason is null && cannotCall is null;
        var submission = new NewVerification(
            store.Id,
            order.OrderId.Trim(),
            string.IsNullOrWhiteSpace(order.OrderName) ? order.OrderId.Trim() : order.OrderName.Trim(),
            order.Amount,
            string.IsNullOrWhiteSpace(order.Currency) ? "PKR" : order.Currency.Trim().ToUpperInvariant(),
            validPhone ? protector.Protect(phone!, ProtectionPurposes.Phone) : null,
            validPhone ? PakistaniMobile.Mask(phone!) : null,
            string.IsNullOrWhiteSpace(order.CustomerName) ? null : protector.Protect(order.CustomerName.Trim(), ProtectionPurposes.CustomerName),
            callable ? VerificationStatus.Pending
                : order.SkipReason is not null ? VerificationStatus.Skipped
                : cannotCall is not null ? VerificationStatus.NeedsAttention
                : VerificationStatus.InvalidPhone,
            callable ? VerificationStep.Call : VerificationStep.Done,
            callable ? dueAt : null,
            callable ? null : order.SkipReason ?? cannotCall ?? "The phone number is not a valid Pakistani mobile number",
            callable && SmsDispatcher.Texts(store, SmsEvents.Received) ? SmsEvents.Received : null,
            policy.Zone);

        var (record, created) = await verifications.CreateAsync(submission, cancellationToken);
        if (created && record.Step == VerificationStep.Call)
        {
            try
            {
                await dispatcher.DispatchAsync(record.Id, VerificationStep.Call, dueAt, null, cancellationToken);
            }
#pragma warning disable CA1031 // the row is committed and due; the sweeper dispatches it if the queue was unreachable
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDispatchFailed(logger, record.Id, ex.GetType().Name);
            }

            if (submission.SmsEvent is { } smsEvent)
            {
                smsDispatcher.Enqueue(record.Id, smsEvent);
            }
        }

        return new IntakeResult.Accepted(record, created);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {Id} was stored but its call job could not be queued ({Error}); the sweeper will queue it")]
    private static partial void LogDispatchFailed(ILogger logger, long id, string error);
}
