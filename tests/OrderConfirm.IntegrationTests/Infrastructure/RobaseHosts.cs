using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Sms;
using OrderConfirm.Sms.Robase;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A real host (SQLite, the real HTTP client with its retries) pointed at a RobaseStub with short delays, for the tests
/// of the Robase gateway and of RobaseMessages.
public static class RobaseHosts
{
    public const int MaxRetries = 3;

    // A key Robase no longer accepts; registered with the leak scan like the stub's own keys.
    public const string RevokedKey = "rb_live_revoked_123456";

    public static readonly SmsCredentials Live = new(RobaseStub.LiveKey);

    static RobaseHosts() => LeakScan.Secret(RevokedKey);

    public static OrderConfirmApp Start(RoboCallStub roboCall, RobaseStub robase, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Robase:BaseUrl"] = robase.BaseUrl,
            ["Sms:Robase:RetryDelay"] = "00:00:00.050",
            ["Sms:Robase:RequestTimeout"] = "00:00:02",
            ["Sms:Robase:MaxRetries"] = MaxRetries.ToString(CultureInfo.InvariantCulture),
            ["Sms:Robase:MaxRetryAfter"] = "00:00:02",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return OrderConfirmApp.Start(null, roboCall, settings);
    }

    public static RobaseGateway Gateway(OrderConfirmApp app)
        => Assert.IsType<RobaseGateway>(app.Services.GetRequiredService<SmsGateways>().For("robase"));

    public static RobaseMessages Messages(OrderConfirmApp app) => app.Services.GetRequiredService<RobaseMessages>();

    // The key is derived from business data in the real sender; a fresh one per message here.
    public static SmsMessage Message(string to, string text)
        => new(to, text, "OrderConf", $"order-{Guid.NewGuid():N}-confirm-sms", SmsEncoding.Gsm7);
}
