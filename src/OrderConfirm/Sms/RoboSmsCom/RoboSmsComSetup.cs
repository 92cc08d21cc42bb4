using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Polly;
using OrderConfirm.Sms.RoboSmsCom;
using Refit;

// In OrderConfirm.Sms, beside SmsSetup, so AddSms registers every gateway without a using per gateway folder.
namespace OrderConfirm.Sms;

public static class RoboSmsComSetup
{
    public static IHostApplicationBuilder AddRoboSmsCom(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RoboSmsComOptions>()
            .BindConfiguration(RoboSmsComOptions.Section)
            .ValidateDataAnnotationsNamingKeys(RoboSmsComOptions.Section)
            .ValidateOnStart();

        var settings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var send = builder.Services.AddRefitGeneratedClient<IRoboSmsComSendApi>(settings)
            .ConfigureHttpClient(ConfigureClient)
            .MeasuredAs(SmsProviders.RoboSms);
        send.AddResilienceHandler("robo-sms-com-send", static (pipeline, context) =>
        {
            // A timeout and nothing else: without an idempotency key a second request is a second SMS.
            var options = context.ServiceProvider.GetRequiredService<IOptions<RoboSmsComOptions>>().Value;
            pipeline.AddTimeout(options.SendTimeout);
        });

        // Added last, so it sits next to the connection pool and sees its errors first.
        send.AddHttpMessageHandler<SendOnceGuard>();
        builder.Services.TryAddTransient<SendOnceGuard>();

        builder.Services.AddRefitGeneratedClient<IRoboSmsComReadApi>(settings)
            .ConfigureHttpClient(ConfigureClient)
            .MeasuredAs(SmsProviders.RoboSms)
            .AddSafeRetries("robo-sms-com-read", static services =>
            {
                var options = services.GetRequiredService<IOptions<RoboSmsComOptions>>().Value;
                return new RetrySettings(options.ReadTimeout, options.ReadTimeout * 4, 3, options.ReadRetryDelay, RetryTooManyRequests: true, MaxRetryAfter: options.ReadTimeout);
            });

        builder.Services.AddKeyedSingleton<ISmsGateway, RoboSmsComGateway>(SmsProviders.RoboSms);
        return builder;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        var options = services.GetRequiredService<IOptions<RoboSmsComOptions>>().Value;
        client.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        client.Timeout = Timeout.InfiniteTimeSpan;
    }
}
