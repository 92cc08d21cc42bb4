using OrderConfirm.Toolkit;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Webhooks;

public static class WebhooksSetup
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder, Roles roles)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<FailedDeliveriesHealthCheck>("webhook-deliveries", tags: ["ready"]);
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<WebhookInbox>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookInbox>());
        builder.Services.AddSingleton<WebhookDeliveries>();
        builder.Services.AddSingleton<IGaugeSource, FailedDeliveriesGauge>();
        builder.Services.AddSingleton<WebhookDeliveryRetry>();
        builder.Services.AddSingleton<ShopOrders>();
        builder.Services.AddScoped<PruneWebhookDeliveriesJob>();
        builder.Services.AddRecurringJob<PruneWebhookDeliveriesJob>("prune-webhook-deliveries", PruneWebhookDeliveriesJob.CronKey, PruneWebhookDeliveriesJob.DefaultCron, j => j.RunAsync(CancellationToken.None));
        if (roles.Worker)
        {
            builder.Services.AddSingleton<WebhookProcessor>();
            builder.Services.AddHostedService(services => services.GetRequiredService<WebhookProcessor>());
        }

        return builder;
    }
}
