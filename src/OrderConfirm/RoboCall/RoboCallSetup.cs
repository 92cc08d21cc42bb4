using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Polly;
using Refit;

namespace OrderConfirm.RoboCall;

public static class RoboCallSetup
{
    public static IHostApplicationBuilder AddRoboCall(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RoboCallOptions>()
            .BindConfiguration(RoboCallOptions.Section)
            .ValidateDataAnnotationsNamingKeys(RoboCallOptions.Section)
            .ValidateOnStart();

        var settings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var dial = builder.Services.AddRefitGeneratedClient<IRoboCallDialApi>(settings)
            .ConfigureHttpClient(ConfigureClient)
            .MeasuredAs("robocall");
        dial.AddResilienceHandler("robocall-dial", static (pipeline, context) =>
        {
            // A timeout and nothing else: the dial must never be sent twice.
            var options = context.ServiceProvider.GetRequiredService<IOptions<RoboCallOptions>>().Value;
            pipeline.AddTimeout(options.DialTimeout);
        });

        // Added last, so it sits next to the connection pool and sees its errors first.
        dial.AddHttpMessageHandler<SendOnceGuard>();
        builder.Services.AddTransient<SendOnceGuard>();

        // Reads retry (jittered exponential backoff, Retry-After, a timeout per attempt) and have no circuit breaker:
        // see SafeRetries.
        builder.Services.AddRefitGeneratedClient<IRoboCallApi>(settings)
            .ConfigureHttpClient(ConfigureClient)
            .MeasuredAs("robocall")
            .AddSafeRetries("robocall-read", static services =>
            {
                var options = services.GetRequiredService<IOptions<RoboCallOptions>>().Value;
                return new RetrySettings(options.ReadTimeout, Max(TimeSpan.FromSeconds(30), options.ReadTimeout * 4), 3, options.ReadRetryDelay, RetryTooManyRequests: true, MaxRetryAfter: options.ReadTimeout);
            });

        builder.Services.AddScoped<RoboCallClient>();
        builder.Services.AddSingleton<RoboCallAccounts>();
        return builder;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        var options = services.GetRequiredService<IOptions<RoboCallOptions>>().Value;
        client.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
