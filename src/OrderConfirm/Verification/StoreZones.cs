using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

/// The zone a store's people read times in (its own timeZone setting, else Verification:TimeZone), for the times in
/// timeline texts and other sentences: "next attempt at 2026-12-03 14:37:17 PKT" rather than UTC.
public sealed class StoreZones(StoreRepository stores, CallPolicyResolver policies)
{
    public TimeZoneInfo Of(Store store) => policies.ZoneOf(store.Settings);

    /// The zone from the store's settings alone (no secret is opened); UTC when the store is gone (deleted with its
    /// verifications: nobody reads the line then).
    public async Task<TimeZoneInfo> OfStoreAsync(long storeId, CancellationToken cancellationToken)
        => await stores.GetSettingsAsync(storeId, cancellationToken) is { } settings ? policies.ZoneOf(settings) : TimeZoneInfo.Utc;

    public async Task<string> StampAsync(long storeId, DateTimeOffset at, CancellationToken cancellationToken)
        => TimeZones.Stamp(at, await OfStoreAsync(storeId, cancellationToken));
}
