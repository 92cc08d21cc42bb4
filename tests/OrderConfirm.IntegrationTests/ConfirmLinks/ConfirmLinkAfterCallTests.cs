using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// The link after a call nobody answered: the unanswered outcome was written back, and the customer's answer on the
/// page replaces it and is written back in its turn.
[Collection(SharedInfrastructure.Name)]
public sealed class ConfirmLinkAfterCallTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string SmsKey = "rsp_link_after_0123456789";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_unreachable_order_confirmed_on_the_page_becomes_confirmed_and_texts_the_customer(bool onPostgres)
    {
        LeakScan.Secret(SmsKey);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(onPostgres ? await postgres.CreateDatabaseAsync() : null, roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var response = await admin.PostAsync("/api/stores", System.Net.Http.Json.JsonContent.Create(new { name = "Lahore Lawn", platform = "custom", sms = new { provider = "robosms-pk", apiKey = SmsKey } }));
        response.EnsureSuccessStatusCode();
        var storeId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (5, null, 3)); // no answer, after Robo Call's retries
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await admin.WaitForStatusAsync(id, "unreachable");

        var (status, html) = await browser.AnswerAsync(await admin.CreateLinkAsync(id), "confirm");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You confirmed this order on", html, StringComparison.Ordinal);
        var done = await admin.WaitForStatusAsync(id, "confirmed");
        Assert.Equal("link", done["decidedBy"]!.GetValue<string>());
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!gateway.Sent.Any(s => s.Message.IdempotencyKey.Contains(SmsEvents.Confirmed, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Single(gateway.Sent, s => s.Message.IdempotencyKey.Contains(SmsEvents.Confirmed, StringComparison.Ordinal));
        Assert.Equal(1, roboCall.DialCount(phone));
    }
}
