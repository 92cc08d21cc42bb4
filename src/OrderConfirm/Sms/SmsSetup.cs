using OrderConfirm.Sms.RoboSmsPk;

namespace OrderConfirm.Sms;

public static class SmsSetup
{
    // Each gateway registers its Refit client and its ISmsGateway here; SmsGateways finds one by provider name.
    public static IHostApplicationBuilder AddSms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .ValidateDataAnnotationsNamingKeys(SmsOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<SmsGateways>();
        builder.Services.AddSingleton<SmsPauses>();
        builder.Services.AddSingleton<SmsDue>();
        builder.Services.AddSingleton<SmsMessageRepository>();
        builder.Services.AddScoped<SmsRenderer>();
        builder.Services.AddScoped<SmsSender>();
        builder.Services.AddSingleton<SmsDispatcher>();
        builder.AddRoboSmsPk();
        builder.AddRobase();
        builder.AddRoboSmsCom();
        return builder;
    }
}
