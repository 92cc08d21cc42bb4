using System.Collections.Concurrent;
using OrderConfirm.Stores;

namespace OrderConfirm.WooCommerce;

/// Store id → signing keys of a WooCommerce store, cached so the webhook path does not read the stores table per
/// request. Entries live 30 s (unknown ids 5 s); changes made through this instance's API take effect at once, and a
/// signature the cached keys refuse is checked again with keys read afresh (RefreshAsync): a rotation through another
/// instance puts the new secret on the shop's webhooks within its PATCH, well inside those 30 s.
public sealed class WooCommerceStoreDirectory(StoreRepository stores, TimeProvider clock)
{
    private static readonly TimeSpan KnownTtl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownTtl = TimeSpan.FromSeconds(5);

    // Keys read this recently are not read again for a refused signature: a flood of bad signatures costs at most one
    // read per store and second. WooCommerce sends with a new secret only after the PATCH that stored it gave it to the
    // webhook, and its deliveries leave from Action Scheduler afterwards.
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    /// Null for an unknown store and for a store of another platform.
    public async ValueTask<WooCommerceStoreKeys?> FindAsync(long storeId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(storeId, out var cached) && cached.Expires > now)
        {
            return cached.Keys;
        }

        var store = await stores.GetAsync(storeId, cancellationToken);
        var keys = store is { Platform: WooCommercePlatform.Key }
            ? new WooCommerceStoreKeys(store.Id, [.. WooCommerceWebhookSecrets.Accepted(store.Secrets, now).SelectMany(WooCommerceSignature.KeysFor)])
            : null;
        if (_entries.Count > 10_000)
        {
            _entries.Clear(); // a flood of made-up ids must not grow this without bound
        }

        _entries[storeId] = new Entry(keys, now + (keys is null ? UnknownTtl : KnownTtl), now);
        return keys;
    }

    /// The store's keys read again, or null when the cached ones are too recent for that to tell anything new.
    public async ValueTask<WooCommerceStoreKeys?> RefreshAsync(long storeId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(storeId, out var cached) && clock.GetUtcNow() - cached.Loaded < RefreshAfter)
        {
            return null;
        }

        Forget(storeId);
        return await FindAsync(storeId, cancellationToken);
    }

    public void Forget(long storeId) => _entries.TryRemove(storeId, out _);

    private sealed record Entry(WooCommerceStoreKeys? Keys, DateTimeOffset Expires, DateTimeOffset Loaded);
}

public sealed record WooCommerceStoreKeys(long StoreId, IReadOnlyList<byte[]> Keys);
