using OrderConfirm.Toolkit;

namespace OrderConfirm.Sandbox;

/// Says, where whoever started the service looks, that this is the sandbox and how to use it.
public sealed partial class SandboxBanner(IHostApplicationLifetime lifetime, SelfCalls self, ILogger<SandboxBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            LogSandbox(logger);
            try
            {
                var root = self.RootAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().ToString().TrimEnd('/');
                LogHowTo(logger, root);
            }
            catch (HttpRequestException e)
            {
                LogNoAddress(logger, e.Message);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "SANDBOX: Robo Call, Robo SMS (PK), robo-sms.com and Robase are simulated by this service and a demo shop takes the outcomes; no real provider is called and nobody is phoned or texted (docs/sandbox.md)")]
    private static partial void LogSandbox(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SANDBOX: place a demo order with `curl -s -X POST {Root}/sandbox/orders`, then watch it reach the demo shop at {Root}/sandbox/shop/orders and its texts at {Root}/sandbox/sms")]
    private static partial void LogHowTo(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Error, Message = "SANDBOX: the simulators cannot be reached: {Reason}")]
    private static partial void LogNoAddress(ILogger logger, string reason);
}
