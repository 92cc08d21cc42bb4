using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Sms;

/// Failover's other half: what the fallback may have sent is never sent again by the primary. And a second order of the
/// same store, for the tests of a pause (which is per store).
public sealed partial class SmsSenderTests
{
    // The primary ran out of balance and the fallback's send may have reached the customer (it timed out, or it is still
    // in flight): when the primary's credit comes back it must not text the customer a second time.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Credit_back_on_the_primary_never_resends_what_the_fallback_may_have_sent(bool fallbackStillSending)
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } });
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "402"));
        var inFlight = new TaskCompletionSource<SmsSendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _fallback.Behaviour = _ => fallbackStillSending ? inFlight.Task : Task.FromResult<SmsSendResult>(new SmsSendResult.Unknown("no answer within 10 s"));
        var first = SendOutcomeAsync(verificationId, SmsEvents.Fallback);
        await WaitAsync(() => _fallback.Sent.Count == 1);
        if (!fallbackStillSending)
        {
            await first;
        }

        _primary.Balance = () => new SmsBalanceResult(true, 40, "PKR", "ok");
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("pk-9", 1, null, null));
        await Task.Delay(Recheck + TimeSpan.FromMilliseconds(100));
        var again = await SendOutcomeAsync(verificationId, SmsEvents.Fallback);

        Assert.Equal(1, _primary.BalanceChecks);
        Assert.Single(_primary.Sent);
        Assert.Single(_fallback.Sent);
        Assert.Null(again.WaitUntil);
        Assert.Equal(
            [(SmsSlots.Primary, SmsStatuses.Failed), (SmsSlots.Fallback, fallbackStillSending ? SmsStatuses.Sending : SmsStatuses.Unknown)],
            (await MessagesAsync(verificationId)).Select(m => (m.Slot, m.Status)));
        inFlight.TrySetResult(new SmsSendResult.Sent("rb-1", 1, null, null));
        await first;
    }

    // Another order of the same store (a gateway's pause is per store), still pending like the first.
    private async Task<long> AnotherOrderAsync(long verificationId)
        => await _admin.SubmitOrderAsync(await StoreIdAsync(verificationId), Guid.NewGuid().ToString("N"), RoboCallStub.NewPhone().AsTyped);
}
