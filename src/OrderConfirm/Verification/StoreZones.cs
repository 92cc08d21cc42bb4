using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

/// The zone a store's people read times in (its own timeZone setting, else Verification:TimeZone), for the times in
/// timeline texts and other sentences: "next attempt at 2026-12-03 14:37:17 PKT" rather than UTC.
public sealed class StoreZones(StoreRepository stores, CallPolicyResolver policies)
{
    public TimeZoneInfo Of(Store store) => policies.For(store).Zone;

    /// UTC when the store is gone (deleted with its verifications; nobody reads the line then), and when its sealed
    /// credentials cannot be opened: a time in a sentence must never stop the step that writes it (the write-back's
    /// attempts are counted by that record, and a store that cannot be read must still end in needs-attention).
    public async Task<TimeZoneInfo> OfStoreAsync(long storeId, CancellationToken cancellationToken)
    {
        try
        {
            return await stores.GetAsync(storeId, cancellationToken) is { } store ? Of(store) : TimeZoneInfo.Utc;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    public async Task<string> StampAsync(long storeId, DateTimeOffset at, CancellationToken cancellationToken)
        => TimeZones.Stamp(at, await OfStoreAsync(storeId, cancellationToken));
}
