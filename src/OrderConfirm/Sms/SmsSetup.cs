namespace OrderConfirm.Sms;

public static class SmsSetup
{
    // Each gateway registers its Refit client and its ISmsGateway here; SmsGateways finds one by provider name.
    public static IHostApplicationBuilder AddSms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SmsGateways>();
        builder.AddRoboSmsCom();
        return builder;
    }
}
