using System.Collections.Concurrent;
using OrderConfirm.Stores;

namespace OrderConfirm.WooCommerce;

/// Store id → signing keys of a WooCommerce store, cached so the webhook path does not read the stores table per
/// request. Entries live 30 s (unknown ids 5 s); changes made through this instance's API take effect at once.
public sealed class WooCommerceStoreDirectory(StoreRepository stores, TimeProvider clock)
{
    private static readonly TimeSpan KnownTtl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownTtl = TimeSpan.FromSeconds(5);
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
        var keys = store is { Platform: Platforms.WooCommerce }
            ? new WooCommerceStoreKeys(store.Id, [.. WooCommerceSignature.KeysFor(store.Secrets.WebhookSecret), .. WooCommerceSignature.KeysFor(store.Secrets.PreviousWebhookSecret)])
            : null;
        if (_entries.Count > 10_000)
        {
            _entries.Clear(); // a flood of made-up ids must not grow this without bound
        }

        _entries[storeId] = new Entry(keys, now + (keys is null ? UnknownTtl : KnownTtl));
        return keys;
    }

    public void Forget(long storeId) => _entries.TryRemove(storeId, out _);

    private sealed record Entry(WooCommerceStoreKeys? Keys, DateTimeOffset Expires);
}

public sealed record WooCommerceStoreKeys(long StoreId, IReadOnlyList<byte[]> Keys);
