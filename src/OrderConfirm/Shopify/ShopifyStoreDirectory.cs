using System.Collections.Concurrent;
using System.Text;
using OrderConfirm.Stores;

namespace OrderConfirm.Shopify;

/// Shop domain → store id and signing keys, cached so the webhook path does not read the stores table per request.
/// Entries live 30 s (unknown domains 5 s); changes made through this instance's API take effect at once.
public sealed class ShopifyStoreDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan KnownTtl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownTtl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<ShopifyStoreKeys?> FindAsync(string shopDomain, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(shopDomain, out var cached) && cached.Expires > now)
        {
            return cached.Keys;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = await scope.ServiceProvider.GetRequiredService<StoreRepository>().FindByShopDomainAsync(ShopifyPlatform.Key, shopDomain, cancellationToken);
        var keys = store is null ? null : new ShopifyStoreKeys(store.Id, SigningKeys(store.Secrets));
        if (_entries.Count > 10_000)
        {
            _entries.Clear(); // a flood of made-up domains must not grow this without bound
        }

        _entries[shopDomain] = new Entry(keys, now + (keys is null ? UnknownTtl : KnownTtl));
        return keys;
    }

    public void Forget(string? shopDomain)
    {
        if (shopDomain is not null)
        {
            _entries.TryRemove(shopDomain, out _);
        }
    }

    private static byte[][] SigningKeys(StoreSecrets secrets)
        => new[] { secrets.WebhookSecret, secrets.PreviousWebhookSecret }
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => Encoding.UTF8.GetBytes(s!))
            .ToArray();

    private sealed record Entry(ShopifyStoreKeys? Keys, DateTimeOffset Expires);
}

public sealed record ShopifyStoreKeys(long StoreId, IReadOnlyList<byte[]> Keys);
