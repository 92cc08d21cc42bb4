using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Sandbox;

/// Demo orders from checkout to the demo shop through the real path: the webhook inbox and processor, PlaceCall and
/// its guard (over the demo shop's HTTP API), the simulated Robo Call's status sequence read by PollCalls, ApplyOutcome
/// and the write-back (over HTTP again), and the SMS through the simulated gateways.
[Collection(SharedInfrastructure.Name)]
public sealed class DemoOrdersTests(RoboCallStub roboCall)
{
    // As the sandbox's own defaults have it, shortened: one re-attempt of an unanswered call, with the fallback SMS.
    private static readonly Dictionary<string, string?> OneReattempt = new()
    {
        ["Verification:Reattempts"] = "1",
        ["Verification:ReattemptAfter"] = "00:00:01",
    };

    [Fact]
    public async Task Each_last_digit_reaches_the_demo_shop_as_the_rule_says_with_its_texts()
    {
        await using var app = SandboxHosts.Start(roboCall, OneReattempt);
        using var client = app.AdminClient();
        var expected = new (char Digit, string Outcome, string ShopStatus, string? Text)[]
        {
            ('1', "confirmed", "confirmed", "is confirmed"),
            ('2', "cancelled", "cancelled", "has been cancelled"),
            ('3', "callback", "on-hold", null),
            ('4', "unreachable", "on-hold", "we could not reach you"),
            ('5', "no-input", "on-hold", "we could not reach you"),
            ('8', "confirmed", "confirmed", "is confirmed"),
        };

        var placed = new List<(char Digit, string Outcome, string ShopStatus, string? Text, string Phone, JsonObject Answer)>();
        foreach (var (digit, outcome, shopStatus, text) in expected)
        {
            var (phone, typed) = SandboxHosts.NewPhone(digit);
            placed.Add((digit, outcome, shopStatus, text, phone, await SandboxHosts.PlaceOrderAsync(client, typed)));
        }

        foreach (var (digit, outcome, shopStatus, text, phone, answer) in placed)
        {
            var orderId = answer["order"]!["id"]!.GetValue<long>();
            var name = answer["order"]!["name"]!.GetValue<string>();
            Assert.Equal("open", answer["order"]!["status"]!.GetValue<string>());
            Assert.StartsWith(outcome, answer["expect"]!.GetValue<string>(), StringComparison.Ordinal);

            var order = await SandboxHosts.WaitForShopOrderAsync(client, orderId, o => o["outcome"] is not null, TimeSpan.FromSeconds(60));
            Assert.Equal(outcome, order["outcome"]!.GetValue<string>());
            Assert.Equal(shopStatus, order["status"]!.GetValue<string>());
            Assert.StartsWith($"OrderConfirm: {outcome}", order["note"]!.GetValue<string>(), StringComparison.Ordinal);

            var verification = await client.WaitForStatusAsync(answer["verificationId"]!.GetValue<long>(), outcome);
            Assert.Equal("done", verification["writeBack"]!.GetValue<string>());
            Assert.Equal(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), verification["orderId"]!.GetValue<string>());
            Assert.StartsWith("sbx-", verification["callId"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("call-placed", verification.TimelineKinds());
            Assert.Contains(verification["timeline"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("written to the demo shop", StringComparison.Ordinal));
            Assert.Equal(digit is '4' or '5' ? 2 : 1, verification["attempt"]!.GetValue<int>());
            Assert.Equal(0, roboCall.DialCount(phone));

            var texts = await Eventually.ValueAsync(async () =>
            {
                var mine = (await SandboxHosts.TextsAsync(client)).Where(t => t["text"]!.GetValue<string>().Contains(name, StringComparison.Ordinal)).ToList();
                return mine.Count == (text is null ? 1 : 2) ? mine : null;
            });
            Assert.All(texts, t => Assert.Equal("********" + phone[^4..], t["to"]!.GetValue<string>()));
            Assert.Contains(texts, t => t["text"]!.GetValue<string>().Contains("we received your order", StringComparison.Ordinal));
            if (text is not null)
            {
                Assert.Contains(texts, t => t["text"]!.GetValue<string>().Contains(text, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task A_call_walks_the_status_sequence_the_engine_reads()
    {
        await using var app = SandboxHosts.Start(roboCall, new() { ["Sandbox:CallStep"] = "00:00:01" });
        using var client = app.AdminClient();
        var (_, typed) = SandboxHosts.NewPhone('1');

        var answer = await SandboxHosts.PlaceOrderAsync(client, typed);
        var verification = await client.WaitForStatusAsync(answer["verificationId"]!.GetValue<long>(), "confirmed");

        var statuses = verification["timeline"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).Where(m => m.StartsWith("Robo Call:", StringComparison.Ordinal)).ToList();
        Assert.Contains(statuses, m => m.Contains("initiated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_order_the_merchant_cancels_before_its_call_is_not_called_and_nothing_is_written_onto_it()
    {
        await using var app = SandboxHosts.Start(roboCall, new() { ["Verification:CallDelay"] = "00:00:03" });
        using var client = app.AdminClient();
        var (_, typed) = SandboxHosts.NewPhone('1');
        var answer = await SandboxHosts.PlaceOrderAsync(client, typed);
        var orderId = answer["order"]!["id"]!.GetValue<long>();

        var cancel = await client.PostAsync($"/sandbox/shop/orders/{orderId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var verification = await client.WaitForStatusAsync(answer["verificationId"]!.GetValue<long>(), "skipped");
        Assert.Equal("The order was cancelled in the demo shop before the call", verification["reason"]!.GetValue<string>());
        Assert.Null(verification["callId"]);
        var order = await SandboxHosts.WaitForShopOrderAsync(client, orderId, _ => true);
        Assert.Equal("cancelled", order["status"]!.GetValue<string>());
        Assert.Null(order["outcome"]);
    }

    [Fact]
    public async Task The_sandbox_store_is_made_on_the_first_start_and_found_again_on_the_next()
    {
        var database = Path.Combine(Path.GetTempPath(), $"orderconfirm-sandbox-{Guid.NewGuid():N}", "sandbox.db");
        long first;
        await using (var app = SandboxHosts.Start(roboCall, new() { ["Storage:SqlitePath"] = database }))
        {
            using var client = app.AdminClient();
            first = (await client.GetFromJsonAsync<JsonObject>("/sandbox"))!["storeId"]!.GetValue<long>();
        }

        await using (var again = SandboxHosts.Start(roboCall, new() { ["Storage:SqlitePath"] = database }))
        {
            using var client = again.AdminClient();
            Assert.Equal(first, (await client.GetFromJsonAsync<JsonObject>("/sandbox"))!["storeId"]!.GetValue<long>());
            var stores = (await client.GetFromJsonAsync<JsonObject>("/api/stores"))!["items"]!.AsArray();
            var demo = Assert.Single(stores, s => s!["platform"]!.GetValue<string>() == "demo-shop")!;
            Assert.Equal("Sandbox Demo Shop", demo["name"]!.GetValue<string>());
            Assert.Equal("robosms-pk", demo["sms"]!["provider"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_demo_shop_orders_and_the_texts_are_pages_like_every_other_list()
    {
        await using var app = SandboxHosts.Start(roboCall);
        using var client = app.AdminClient();
        for (var i = 0; i < 3; i++)
        {
            await SandboxHosts.PlaceOrderAsync(client, SandboxHosts.NewPhone('1').AsTyped);
        }

        await Eventually.WaitAsync(async () => (await SandboxHosts.TextsAsync(client)).Count >= 3);

        foreach (var list in new[] { "/sandbox/shop/orders", "/sandbox/sms" })
        {
            var first = (await client.GetFromJsonAsync<JsonObject>($"{list}?limit=2"))!;
            var before = first["nextBefore"]!.GetValue<long>();
            var rest = (await client.GetFromJsonAsync<JsonObject>($"{list}?before={before}&limit=500"))!;
            var all = (await client.GetFromJsonAsync<JsonObject>(list))!["items"]!.AsArray().Select(o => o!["id"]!.ToJsonString()).ToList();

            Assert.Equal(2, first["items"]!.AsArray().Count);
            Assert.Null(rest["nextBefore"]);
            Assert.Equal(all, first["items"]!.AsArray().Concat(rest["items"]!.AsArray()).Select(o => o!["id"]!.ToJsonString()).ToList());
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{list}?limit=0")).StatusCode);
        }
    }

    [Theory]
    [InlineData("""{ "phone": "0300-1234561", "amont": 10 }""", "amont")]
    [InlineData("""{ "amount": -5 }""", "amount")]
    [InlineData("""{ "phone": """, "JSON")]
    public async Task A_demo_order_that_cannot_be_read_is_refused_saying_why(string body, string named)
    {
        await using var app = SandboxHosts.Start(roboCall);
        using var client = app.CreateClient();

        var response = await client.PostAsync("/sandbox/orders", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
