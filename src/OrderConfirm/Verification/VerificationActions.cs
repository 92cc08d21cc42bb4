using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

/// What a person may do to one verification: redial, stop, retry the write-back, correct the phone. One rule for the
/// admin API and the merchant pages: both call these, and both check first that the caller may see the store. Each
/// action is the repository's conditional update (the state check and the change in one statement), so a click that
/// races a job either wins whole or changes nothing and is answered Refused.
public sealed class VerificationActions(
    VerificationRepository verifications, StoreRepository stores, CallPolicyResolver policies, CallTimes callTimes, JobDispatcher dispatcher,
    SecretProtector protector, TimeProvider clock)
{
    public async Task<VerificationActionResult> RedialAsync(long id, ActingPerson by, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record)
        {
            return new VerificationActionResult.NotFound();
        }

        // A redial the store could not place would only come back to needs-attention: say why now.
        if (await stores.GetAsync(record.StoreId, cancellationToken) is { } store && (!store.Enabled || CannotCall(store) is not null))
        {
            return new VerificationActionResult.Refused(
                "The store cannot place calls",
                store.Enabled ? CannotCall(store)! : $"Store {store.Id} is disabled{(store.DisabledReason is null ? "" : $" ({store.DisabledReason})")}; enable it before redialling.");
        }

        var dueAt = await callTimes.NextCallTimeAsync(record.StoreId, clock.GetUtcNow(), cancellationToken);
        if (!await verifications.RedialAsync(id, dueAt, cancellationToken, $"Redial requested by {by.Words}"))
        {
            return Refused($"Only a verification whose call never got an answer (needs-attention without an outcome, unreachable, no-input) can be redialled; this one is {record.Status}.");
        }

        await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, cancellationToken);
        return await DoneAsync(id, cancellationToken);
    }

    public async Task<VerificationActionResult> RetryWriteBackAsync(long id, ActingPerson by, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record)
        {
            return new VerificationActionResult.NotFound();
        }

        if (!await verifications.RetryWriteBackAsync(id, cancellationToken, $"Write-back retry requested by {by.Words}"))
        {
            return Refused($"Only a verification whose write-back failed can retry it; this one is {record.Status}.");
        }

        await dispatcher.DispatchAsync(id, VerificationStep.Apply, clock.GetUtcNow(), null, cancellationToken);
        return await DoneAsync(id, cancellationToken);
    }

    public async Task<VerificationActionResult> StopAsync(long id, ActingPerson by, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record)
        {
            return new VerificationActionResult.NotFound();
        }

        return await verifications.StopByHandAsync(id, by.Decider, $"Stopped by {by.Words} before the call", cancellationToken)
            ? await DoneAsync(id, cancellationToken)
            : Refused($"Only a verification still waiting for its call can be stopped; this one is {record.Status}.");
    }

    /// The number is stored encrypted like every phone and shown masked; a redial then calls it.
    public async Task<VerificationActionResult> CorrectPhoneAsync(long id, string? phone, ActingPerson by, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record)
        {
            return new VerificationActionResult.NotFound();
        }

        if (string.IsNullOrWhiteSpace(phone))
        {
            return new VerificationActionResult.Invalid("phone", "Send the corrected phone number, e.g. 0300-1234567.", "Nothing to correct");
        }

        if (!PakistaniMobile.TryNormalize(phone, out var normalized))
        {
            return new VerificationActionResult.Invalid("phone", "This is not a Pakistani mobile number (such as 0300-1234567 or +92 300 1234567).", "The correction is not valid");
        }

        return await verifications.CorrectPhoneAsync(id, protector.Protect(normalized, ProtectionPurposes.Phone), PakistaniMobile.Mask(normalized), cancellationToken, $"Phone corrected by {by.Words}")
            ? await DoneAsync(id, cancellationToken)
            : Refused($"Only the phone of a verification that did not reach its customer (invalid-phone, unreachable, no-input, needs-attention without an outcome) can be corrected; this one is {record.Status}.");
    }

    /// The outcome marked by hand: confirmed or cancelled, then written back like the customer's key on a call. Refused
    /// while a call runs or once the customer answered (their answer wins), and on an order the shop has closed.
    public async Task<VerificationActionResult> DecideAsync(long id, string? outcome, ActingPerson by, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record)
        {
            return new VerificationActionResult.NotFound();
        }

        if (outcome is not (VerificationStatus.Confirmed or VerificationStatus.Cancelled))
        {
            return new VerificationActionResult.Invalid("outcome", "Send \"confirmed\" or \"cancelled\".", "The decision is not valid");
        }

        if (!await verifications.DecideByHandAsync(id, outcome, by.Decider, $"Marked {outcome} by hand by {by.Words}", cancellationToken))
        {
            return Refused(record.Status is VerificationStatus.Calling
                ? "A call to the customer is running; their answer on it comes first. Try again when it has ended."
                : $"Only a verification without the customer's answer (waiting for its call, unreachable, no-input, callback, invalid-phone, needs-attention without an answer) can be decided by hand, and not once the shop has closed the order; this one is {record.Status}.");
        }

        await dispatcher.DispatchAsync(id, VerificationStep.Apply, clock.GetUtcNow(), null, cancellationToken);
        return await DoneAsync(id, cancellationToken);
    }

    // What the store lacks to place a call (its Robo Call key, its voice), in words; null when it can call.
    internal string? CannotCall(Store store)
        => policies.For(store).WhyNoCall() is { Count: > 0 } why
            ? $"Store {store.Id} cannot place calls: {string.Join(" ", why.Select(w => $"{w.Key}: {w.Value}"))} Set it with PATCH /api/stores/{store.Id}."
            : null;

    private async Task<VerificationActionResult> DoneAsync(long id, CancellationToken cancellationToken)
        => await verifications.GetAsync(id, cancellationToken) is { } changed ? new VerificationActionResult.Done(changed) : new VerificationActionResult.NotFound();

    private static VerificationActionResult.Refused Refused(string detail) => new("Not possible in this state", detail);
}

/// What an action came to: done (the verification as it now is), no such verification, refused in its state (409), or
/// a field that is not valid (400).
public abstract record VerificationActionResult
{
    private VerificationActionResult()
    {
    }

    public sealed record Done(VerificationRecord Verification) : VerificationActionResult;

    public sealed record NotFound : VerificationActionResult;

    public sealed record Refused(string Title, string Detail) : VerificationActionResult;

    public sealed record Invalid(string Field, string Message, string Title) : VerificationActionResult;
}

/// Which actions a verification's state allows, for the pages' buttons. The same conditions as the repository's
/// updates (VerificationRepository.Operator.cs), which stay the authority: a button shown for a state that changed
/// meanwhile is answered Refused.
public static class VerificationActionRules
{
    public static bool CanStop(VerificationRecord r) => r.Step == VerificationStep.Call;

    public static bool CanRedial(VerificationRecord r) => r.Step == VerificationStep.Done
        && (r.Status is VerificationStatus.Unreachable or VerificationStatus.NoInput
            || (r.Status == VerificationStatus.NeedsAttention && r.Outcome is null)
            || (r.Status == VerificationStatus.InvalidPhone && r.Phone is not null));

    public static bool CanDecide(VerificationRecord r) => (r.Status == VerificationStatus.Pending && r.Step == VerificationStep.Call)
        || (r.Status is VerificationStatus.Callback or VerificationStatus.Unreachable or VerificationStatus.NoInput
            && r.Step is VerificationStep.Apply or VerificationStep.Done)
        || (r.Status == VerificationStatus.InvalidPhone && r.Step == VerificationStep.Done)
        || (r.Status == VerificationStatus.NeedsAttention && r.Step == VerificationStep.Done
            && r.Outcome is null or VerificationStatus.Callback or VerificationStatus.Unreachable or VerificationStatus.NoInput);

    public static bool CanRetryWriteBack(VerificationRecord r) => r.Step == VerificationStep.Done && r.Status == VerificationStatus.NeedsAttention && r.Outcome is not null;

    public static bool CanCorrectPhone(VerificationRecord r) => r.Step == VerificationStep.Done
        && (r.Status is VerificationStatus.InvalidPhone or VerificationStatus.Unreachable or VerificationStatus.NoInput
            || (r.Status == VerificationStatus.NeedsAttention && r.Outcome is null));
}
