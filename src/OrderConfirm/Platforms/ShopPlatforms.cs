namespace OrderConfirm.Platforms;

/// The platforms this service was built with, by key.
public sealed class ShopPlatforms(IServiceProvider services, IEnumerable<ShopPlatformKey> keys)
{
    public IReadOnlyList<string> Keys { get; } = [.. keys.Select(k => k.Key).Distinct(StringComparer.Ordinal)];

    /// Null for a key no platform is registered under.
    public IShopPlatform? Find(string? key) => key is null ? null : services.GetKeyedService<IShopPlatform>(key);
}
