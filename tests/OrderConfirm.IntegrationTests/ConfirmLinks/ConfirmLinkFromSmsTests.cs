using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// The whole no-answer branch on PostgreSQL: the first call goes unanswered, a re-attempt is scheduled, the fallback
/// SMS carries a confirm link, the customer confirms on the page, and the re-attempt never dials.
[Collection(SharedInfrastructure.Name)]
public sealed partial class ConfirmLinkFromSmsTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string SmsKey = "rsp_link_sms_0123456789";
    private const string PublicBaseUrl = "https://confirm.example.pk";

    [Fact]
    public async Task The_fallback_sms_carries_a_link_that_confirms_the_order_and_stops_the_re_attempt()
    {
        LeakScan.Secret(SmsKey);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["PublicBaseUrl"] = PublicBaseUrl }, services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robosms-pk", apiKey = SmsKey, from = "LAHORELAWN" },
            settings = new { reattempts = 1, reattemptAfter = "00:00:20", smsEvents = new { received = false } },
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (5, null, 3));
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);

        await WaitAsync(() => gateway.Sent.Count == 1);
        var text = Assert.Single(gateway.Sent).Message.Text;
        var link = LinkIn().Match(text);
        Assert.True(link.Success, text);
        LeakScan.Secret(link.Groups["token"].Value);
        Assert.StartsWith("Lahore Lawn: we could not reach you to confirm your order #", text, StringComparison.Ordinal);
        var row = Assert.Single(await app.Services.GetRequiredService<SmsMessageRepository>().ListAsync(id, CancellationToken.None));
        Assert.Equal(SmsText.Of(text).Segments, row.Segments);
        var waiting = (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!;
        Assert.Equal(("pending", 2), ((string)waiting["status"]!, (int)waiting["attempt"]!));

        var (status, html) = await browser.AnswerAsync("/c/" + link.Groups["token"].Value, "confirm");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You confirmed this order on", html, StringComparison.Ordinal);
        var done = await admin.WaitForStatusAsync(id, "confirmed");
        Assert.Equal("link", (string)done["decidedBy"]!);
        await WaitAsync(() => gateway.Sent.Count == 2);
        await Task.Delay(TimeSpan.FromSeconds(25)); // past the re-attempt's due time
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Contains(SmsEvents.Confirmed, gateway.Sent.Last().Message.IdempotencyKey, StringComparison.Ordinal);
        Assert.Equal(2, gateway.Sent.Count);
    }

    [GeneratedRegex(@"https://confirm\.example\.pk/c/(?<token>[A-Za-z0-9_-]{43})$")]
    private static partial Regex LinkIn();
}
