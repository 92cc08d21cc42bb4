using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrderConfirm.Security;

namespace OrderConfirm.Telemetry;

/// OpenTelemetry traces and metrics: ASP.NET Core, outside HTTP requests, Npgsql and the service's own work
/// (TelemetryCatalog, OrderTraces). Exported by OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set, and
/// scraped by Prometheus from /metrics with the metrics key or the admin key.
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder, string roles)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<GaugeReadings>();
        builder.Services.AddSingleton<OrderConfirmMetrics>();
        builder.Services.AddHostedService<GaugeSampler>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("orderconfirm", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString())
                .AddAttributes([new("orderconfirm.roles", roles)]))
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetryCatalog.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(OrderTraces.SourceName)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !IsProbeOrScrape(context.Request.Path);
                    options.EnrichWithHttpRequest = (activity, request) => activity.SetTag("url.path", PathShapes.Shape(request.Path));
                })
                .AddHttpClientInstrumentation(options =>
                {
                    // The query carries keys and phone numbers on some providers' APIs, and a store's own URL may
                    // carry a token in its path: only the shape of the address is kept.
                    options.EnrichWithHttpRequestMessage = (activity, request) =>
                    {
                        var uri = request.RequestUri;
                        activity.SetTag("url.full", uri is null ? null : $"{uri.Scheme}://{uri.Authority}{PathShapes.Shape(uri.AbsolutePath)}");
                    };
                })
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// Every role serves the scrape: a worker's numbers are its own.
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app)
        => app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(AuthPolicies.Metrics);

    private static bool IsProbeOrScrape(PathString path)
        => path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
