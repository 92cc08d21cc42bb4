using System.Net;
using System.Net.Http.Json;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Sandbox;

/// With the sandbox on, calls and texts go through the real clients (Refit, resilience handlers, the send-once guard)
/// to the service's own simulators, whatever the configuration names as the providers' addresses.
[Collection(SharedInfrastructure.Name)]
public sealed class SandboxProvidersTests(RoboCallStub roboCall)
{
    [Theory]
    [InlineData("robosms-pk", "rsp-sandbox-key-1")]
    [InlineData("robo-sms", "rsc-sandbox-token-1")]
    [InlineData("robase", "rb_test_sandbox_key_1")]
    public async Task A_call_and_its_texts_reach_the_simulators_and_no_configured_provider(string gateway, string key)
    {
        LeakScan.Secret(key);
        await using var app = SandboxHosts.Start(roboCall, new()
        {
            // What a copied production configuration would name: the sandbox must not reach any of them.
            ["Sms:RoboSmsPk:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Sms:RoboSmsCom:BaseUrl"] = "http://127.0.0.1:9/api/",
            ["Sms:Robase:BaseUrl"] = "http://127.0.0.1:9/v1",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var patched = await client.PatchAsync($"/api/stores/{storeId}", System.Net.Http.Json.JsonContent.Create(new { sms = new { provider = gateway, apiKey = key, from = "LAWN" } }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var (phone, typed) = SandboxHosts.NewPhone('1');

        var id = await client.SubmitOrderAsync(storeId, $"sbx-{Guid.NewGuid():N}", typed);
        var done = await client.WaitForStatusAsync(id, "confirmed");

        Assert.StartsWith("sbx-", done["callId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
        var texts = await Eventually.ValueAsync(async () => (await SandboxHosts.TextsAsync(client)) is { Count: 2 } two ? two : null);
        Assert.All(texts, t => Assert.Equal(gateway, t["gateway"]!.GetValue<string>()));
        Assert.All(texts, t => Assert.Equal("********" + phone[^4..], t["to"]!.GetValue<string>()));
        Assert.Contains("is confirmed", texts[0]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("we received your order", texts[1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/sandbox")]
    [InlineData("/api/stores")]
    [InlineData("/health/ready")]
    [InlineData("/no-such-page")]
    public async Task Every_response_says_it_comes_from_the_sandbox(string path)
    {
        await using var app = SandboxHosts.Start(roboCall);
        using var client = app.AdminClient();

        var response = await client.GetAsync(path);

        Assert.Equal("true", Assert.Single(response.Headers.GetValues("X-OrderConfirm-Sandbox")));
    }

    [Fact]
    public async Task The_confirm_link_page_says_it_is_the_sandbox_and_an_api_answer_is_left_as_it_is()
    {
        await using var app = SandboxHosts.Start(roboCall, new() { ["Verification:CallDelay"] = "00:10:00" });
        using var client = app.AdminClient();
        var (_, typed) = SandboxHosts.NewPhone('1');
        var order = await SandboxHosts.PlaceOrderAsync(client, typed);
        var link = await client.PostAsync($"/api/verifications/{order["verificationId"]}/link", null);
        var path = (await link.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["url"]!.GetValue<string>();
        LeakScan.Secret(path[(path.LastIndexOf('/') + 1)..]);

        using var page = new HttpRequestMessage(HttpMethod.Get, path);
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        using var api = new HttpRequestMessage(HttpMethod.Get, "/sandbox/shop/orders");
        api.Headers.Accept.ParseAdd("text/html, application/json");
        var json = await (await client.SendAsync(api)).Content.ReadAsStringAsync();

        Assert.Contains("SANDBOX: calls and SMS are simulated", html, StringComparison.Ordinal);
        Assert.Contains("#D", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SANDBOX", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_sandbox_no_response_carries_its_header_and_its_endpoints_do_not_exist()
    {
        await using var app = OrderConfirmApp.Start(null, roboCall);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/sandbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-OrderConfirm-Sandbox"));
    }

    [Fact]
    public async Task The_start_up_log_says_it_is_the_sandbox_and_how_to_place_an_order()
    {
        await using var app = SandboxHosts.Start(roboCall);

        // The banner's lines, and the sandbox store's own line once it is made.
        var lines = await Eventually.ValueAsync(() => Task.FromResult(
            app.Logs.Lines.Where(l => l.Contains("SANDBOX", StringComparison.Ordinal)).ToList() is { } sandbox
            && sandbox.Any(l => l.Contains("/sandbox/orders", StringComparison.Ordinal))
            && sandbox.Any(l => l.Contains("demo orders go to store", StringComparison.Ordinal)) ? sandbox : null));

        Assert.Contains(lines, l => l.Contains("no real provider is called", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("demo orders go to store", StringComparison.Ordinal));
    }
}
