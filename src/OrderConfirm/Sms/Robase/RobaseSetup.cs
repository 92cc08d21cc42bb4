using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Sms.Robase;
using Refit;

// In OrderConfirm.Sms (not .Robase) so SmsSetup.AddSms calls it without a using, like KeyNamingValidation.
namespace OrderConfirm.Sms;

public static class RobaseSetup
{
    public static IHostApplicationBuilder AddRobase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RobaseOptions>()
            .BindConfiguration(RobaseOptions.Section)
            .ValidateDataAnnotationsNamingKeys(RobaseOptions.Section)
            .ValidateOnStart();

        // Optional fields (send_at, template, variables) are left out rather than sent as null.
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        }));

        // Retries are safe here, sends included, because every send carries its idempotency key (see IRobaseApi):
        // jittered backoff, Retry-After honoured, a timeout per attempt, no circuit breaker (see SafeRetries).
        builder.Services.AddTransient<RobaseAttemptHandler>();
        builder.Services.AddRefitGeneratedClient<IRobaseApi>(settings)
            .MeasuredAs(SmsProviders.Robase)
            .ConfigureHttpClient(static (services, client) =>
            {
                var options = services.GetRequiredService<IOptions<RobaseOptions>>().Value;
                client.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddSafeRetries("robase", static services =>
            {
                var options = services.GetRequiredService<IOptions<RobaseOptions>>().Value;
                return new RetrySettings(options.RequestTimeout, options.TotalTimeout, options.MaxRetries, options.RetryDelay, RetryTooManyRequests: true, MaxRetryAfter: options.MaxRetryAfter);
            })
            .AddHttpMessageHandler<RobaseAttemptHandler>();

        // One gateway instance, both as the SMS gateway and for RobaseMessages' template sends.
        builder.Services.AddSingleton<RobaseGateway>();
        builder.Services.AddKeyedSingleton<ISmsGateway>(SmsProviders.Robase, static (services, _) => services.GetRequiredService<RobaseGateway>());
        builder.Services.AddSingleton<RobaseMessages>();
        return builder;
    }
}
