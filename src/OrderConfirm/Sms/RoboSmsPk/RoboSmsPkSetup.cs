using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Polly;
using Refit;

namespace OrderConfirm.Sms.RoboSmsPk;

public static class RoboSmsPkSetup
{
    public static IHostApplicationBuilder AddRoboSmsPk(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RoboSmsPkOptions>()
            .BindConfiguration(RoboSmsPkOptions.Section)
            .ValidateDataAnnotationsNamingKeys(RoboSmsPkOptions.Section)
            .ValidateOnStart();

        var settings = new RefitSettings();

        var send = builder.Services.AddRefitGeneratedClient<IRoboSmsPkSendApi>(settings)
            .ConfigureHttpClient(ConfigureClient)
            .MeasuredAs(SmsProviders.RoboSmsPk);
        send.AddResilienceHandler("robosms-pk-send", static (pipeline, context) =>
        {
            // A timeout and nothing else: a send must never go out twice.
            var options = context.ServiceProvider.GetRequiredService<IOptions<RoboSmsPkOptions>>().Value;
            pipeline.AddTimeout(options.SendTimeout);
        });

        // Added last, so it sits next to the connection pool and sees its errors first.
        send.AddHttpMessageHandler<SendOnceGuard>();
        builder.Services.TryAddTransient<SendOnceGuard>();

        builder.Services.AddRefitGeneratedClient<IRoboSmsPkApi>(settings)
            .ConfigureHttpClient(ConfigureClient)
            .MeasuredAs(SmsProviders.RoboSmsPk)
            .AddSafeRetries("robosms-pk-read", static services =>
            {
                var options = services.GetRequiredService<IOptions<RoboSmsPkOptions>>().Value;
                return new RetrySettings(options.ReadTimeout, Max(TimeSpan.FromSeconds(30), options.ReadTimeout * 4), 3, options.ReadRetryDelay, RetryTooManyRequests: true, MaxRetryAfter: options.ReadTimeout);
            });

        builder.Services.AddKeyedSingleton<ISmsGateway, RoboSmsPkGateway>(SmsProviders.RoboSmsPk);
        return builder;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        var options = services.GetRequiredService<IOptions<RoboSmsPkOptions>>().Value;
        client.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
