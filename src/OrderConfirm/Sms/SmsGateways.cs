using OrderConfirm.Stores;

namespace OrderConfirm.Sms;

/// The registered gateways by provider name (a store's sms.provider or sms.fallbackProvider).
public sealed class SmsGateways(IEnumerable<ISmsGateway> gateways)
{
    private readonly Dictionary<string, ISmsGateway> _byProvider = gateways.ToDictionary(g => g.Provider, StringComparer.Ordinal);

    /// Null for "none" and for a provider this build has no gateway for.
    public ISmsGateway? For(string? provider)
        => provider is null || provider == SmsProviders.None ? null : _byProvider.GetValueOrDefault(provider);
}
