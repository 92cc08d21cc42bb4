using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// When a store may next call a customer, from its own calling hours.
public sealed class CallTimes(StoreRepository stores, CallPolicyResolver policies)
{
    public async Task<DateTimeOffset> NextCallTimeAsync(long storeId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var store = await stores.GetAsync(storeId, cancellationToken);
        if (store is null)
        {
            return from;
        }

        var policy = policies.For(store);
        return policy.Window.NextOpening(from, policy.Zone);
    }
}
