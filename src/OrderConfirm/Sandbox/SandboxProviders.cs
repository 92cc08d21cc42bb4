using OrderConfirm.RoboCall;
using OrderConfirm.Sms.Robase;
using OrderConfirm.Sms.RoboSmsCom;
using OrderConfirm.Sms.RoboSmsPk;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Sandbox;

/// Every provider root pointed at the service's own simulators while the sandbox is on, after (and whatever) the
/// configuration says: the sandbox never reaches a real provider. The roots are on SelfCalls.Host, which no resolver
/// answers; SelfCallHandler, put in front of every HTTP client, sends them to the service's own loopback address.
/// The real clients stay as they are: Refit, the resilience handlers, the send-once guard.
public static class SandboxProviders
{
    public static IServiceCollection AddSandboxProviders(this IServiceCollection services)
    {
        services.AddSingleton<SelfCalls>();
        services.AddTransient<SelfCallHandler>();
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler<SelfCallHandler>());

        services.PostConfigure<RoboCallOptions>(o => o.BaseUrl = SelfCalls.Url(RoboCallSimulator.Root + "/"));
        services.PostConfigure<RoboSmsPkOptions>(o =>
        {
            o.BaseUrl = SelfCalls.Url(SmsSimulators.RoboSmsPkRoot);
            o.SendPath = "sms/send";
            o.BalancePath = "balance";
        });
        services.PostConfigure<RoboSmsComOptions>(o =>
        {
            o.BaseUrl = SelfCalls.Url(SmsSimulators.RoboSmsComRoot + "/");
            o.SendPath = "sms/";
            o.BalancePath = null;
        });
        services.PostConfigure<RobaseOptions>(o =>
        {
            o.BaseUrl = SelfCalls.Url(SmsSimulators.RobaseRoot);
            o.BalancePath = null;
        });
        return services;
    }
}
