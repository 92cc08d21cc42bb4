using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Storage;

namespace OrderConfirm.Hosting;

// Tells whoever started the service where to look, once it is listening.
public sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, Database database, IOptions<OutboundOptions> outbound, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses.Select(a => a.TrimEnd('/')))
            {
                LogListening(logger, address);
            }

            LogStorage(logger, database.Description, database.Kind == DatabaseKind.PostgreSql ? "Hangfire.PostgreSql" : "Hangfire in-memory (jobs are re-driven from the database after a restart)");
            // Fine for a test shop, never for shops whose URLs someone else sets: say so where an operator looks.
            if (outbound.Value is { AllowPrivateShopAddresses: true } or { AllowPlainHttp: true })
            {
                LogOutboundRelaxed(logger, outbound.Value.AllowPrivateShopAddresses, outbound.Value.AllowPlainHttp);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "OrderConfirm is listening on {Address}: dashboard {Address}/hangfire, admin API {Address}/api/stores and {Address}/api/verifications, health {Address}/health/ready")]
    private static partial void LogListening(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shop URLs may point at private and loopback addresses ({AllowPrivateShopAddresses}) or use plain http ({AllowPlainHttp}): Outbound settings for test shops only")]
    private static partial void LogOutboundRelaxed(ILogger logger, bool allowPrivateShopAddresses, bool allowPlainHttp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data: {Database}; job queue: {Queue}")]
    private static partial void LogStorage(ILogger logger, string database, string queue);
}
