namespace OrderConfirm.Sms;

/// The registered gateways by provider name (a store's sms.provider or sms.fallbackProvider): each gateway's setup
/// registers it under its name.
public sealed class SmsGateways(IServiceProvider services)
{
    /// Null for "none" and for a provider this build has no gateway for.
    public ISmsGateway? For(string? provider)
        => provider is null || provider == SmsProviders.None ? null : services.GetKeyedService<ISmsGateway>(provider);
}
