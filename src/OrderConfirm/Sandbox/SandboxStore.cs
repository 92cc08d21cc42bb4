using OrderConfirm.DemoShop;
using OrderConfirm.Platforms;
using OrderConfirm.Sms;
using OrderConfirm.Stores;

namespace OrderConfirm.Sandbox;

/// The sandbox's own store: a demo shop store made at the first start and found again at every later one (and made
/// again, at the next demo order, if someone deleted it), with keys for the simulated Robo Call and SMS gateways
/// (Robo SMS (PK) first, Robase as its fallback). Its call settings are the sandbox's defaults (SandboxSetup).
public sealed partial class SandboxStore(StoreRepository stores, ShopPlatforms platforms, TimeProvider clock, ILogger<SandboxStore> logger) : IHostedService, IDisposable
{
    public const string Name = "Sandbox Demo Shop";

    private readonly SemaphoreSlim _creating = new(1, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = await EnsureAsync(cancellationToken);
        LogStore(logger, store.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _creating.Dispose();

    /// The first demo shop store, made when there is none.
    public async Task<Store> EnsureAsync(CancellationToken cancellationToken)
    {
        if (await FindAsync(cancellationToken) is { } found)
        {
            return found;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (await FindAsync(cancellationToken) is { } raced)
            {
                return raced;
            }

            var platform = platforms.Find(DemoShopPlatform.Key) ?? throw new InvalidOperationException("The demo shop platform is not registered.");
            var store = new Store
            {
                Id = 0,
                Name = Name,
                Platform = DemoShopPlatform.Key,
                VoiceId = "sandbox-voice",
                SmsProvider = SmsProviders.RoboSmsPk,
                SmsFrom = "DEMOSHOP",
                SmsFallbackProvider = SmsProviders.Robase,
                Secrets = new StoreSecrets
                {
                    RoboCallApiKey = "sandbox-robocall-key",
                    SmsApiKey = "sandbox-robosms-pk-key",
                    SmsFallbackApiKey = "rb_test_sandbox_demo_shop",
                },
            };
            var created = await stores.InsertAsync(platform.Prepare(null, store, clock.GetUtcNow()), cancellationToken);
            platform.Forget(created);
            return created;
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task<Store?> FindAsync(CancellationToken cancellationToken)
        => (await stores.ListAsync(cancellationToken)).FirstOrDefault(s => s.Platform == DemoShopPlatform.Key);

    [LoggerMessage(Level = LogLevel.Information, Message = "SANDBOX: demo orders go to store {StoreId} (the demo shop)")]
    private static partial void LogStore(ILogger logger, long storeId);
}
