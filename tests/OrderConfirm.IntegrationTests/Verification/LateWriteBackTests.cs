using OrderConfirm.Custom;
using System.Net;
using OrderConfirm.IntegrationTests.ConfirmLinks;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// The customer's answer is what the shop shows: an answer by link that arrives while the unanswered outcome is still
/// being written to the shop is written after every request of the older write-back, whatever the interleaving. The
/// shops here apply each request when they finish it, and the older write-back's request is held at the shop until the
/// newer answer had every chance to overtake it.
[Collection(SharedInfrastructure.Name)]
public sealed class LateWriteBackTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private static long _orders = 7_770_000_000;
    private readonly ShopifyAdminStub _shopify = new();
    private readonly WooCommerceStoreStub _woo = new();

    public void Dispose()
    {
        _shopify.Dispose();
        _woo.Dispose();
    }

    [Fact]
    public async Task Shopify_order_ends_tagged_confirmed_when_the_customer_confirms_by_link_during_the_unreachable_write_back()
    {
        _shopify.MutationsSucceed().TrackTags();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shopify.BaseUrl);
        var held = _shopify.HoldNext(body => body.Contains("mutation OutcomeTags", StringComparison.Ordinal) && body.Contains("\"add\":[\"cod-unreachable\"]", StringComparison.Ordinal));
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (5, null, 3)); // no answer, after Robo Call's retries
        var orderId = Interlocked.Increment(ref _orders);
        _shopify.Order(orderId);
        using (var shop = app.CreateClient())
        using (var delivery = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret))
        {
            (await shop.SendAsync(delivery)).EnsureSuccessStatusCode();
        }

        var id = (await admin.WaitForOrderAsync(store.StoreId))["id"]!.GetValue<long>();
        await held.ArrivedAsync();

        await AnswerWhileHeldAsync(app, admin, id, held, () => _shopify.Tags(orderId).Contains("cod-confirmed"));

        var done = await admin.WaitForStatusAsync(id, "confirmed");
        await QuietAsync(() => _shopify.Operations("mutation OutcomeTags").Count);
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(["cod-confirmed"], _shopify.Tags(orderId));
        // The older write-back sent nothing after the answer but its request in flight, then wrote the answer itself.
        var writes = _shopify.Operations("mutation OutcomeTags");
        Assert.Equal(["cod-unreachable", "cod-confirmed"], writes.Select(w => ShopifyAdminStub.Variables(w).GetProperty("add")[0].GetString()));
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task WooCommerce_order_ends_confirmed_when_the_customer_confirms_by_link_during_the_unreachable_write_back()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        // The store closes orders nobody answered: the older write-back would cancel an order the customer confirmed.
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { outcomeStatuses = new { unreachable = "cancelled" } });
        HeldRequest? held = null;
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: null,
            prepare: orderId => held = _woo.HoldNext(r => r.Method == "PUT" && r.Path == $"/orders/{orderId}" && r.Body.Contains("unreachable", StringComparison.Ordinal)),
            call: (5, null, 3));
        await held!.ArrivedAsync();

        await AnswerWhileHeldAsync(app, admin, order.Id, held, () => _woo.Order(order.OrderId)!.Status == "processing");

        var done = await admin.WaitForStatusAsync(order.Id, "confirmed");
        await QuietAsync(() => _woo.Requests().Count);
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var shopOrder = _woo.Order(order.OrderId)!;
        Assert.Equal("processing", shopOrder.Status);
        Assert.Equal("confirmed", shopOrder.Meta.Last(m => m.Key == "_orderconfirm_status").Value.GetString());
        // One note, the customer's answer: the older write-back stopped before its own.
        var note = Assert.Single(_woo.OurNotes(order.OrderId));
        Assert.Contains("The customer confirmed the order on the OrderConfirm link page", note.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_back_stuck_at_the_shop_hands_over_to_the_customers_answer_when_its_turn_runs_out()
    {
        var shop = new HangsOnUnreachable();
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            // The sweeper would re-drive the answer's write-back too, a minute late in production: here it stays out, so
            // the write-back that found the turn taken must come back by itself.
            new Dictionary<string, string?> { ["Verification:WriteBackLease"] = "00:00:02", ["Jobs:SweeperGrace"] = "01:00:00" },
            services => services.AddKeyedSingleton<IOrderWriteBack>(CustomPlatform.Key, shop));
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (5, null, 3));
        var id = await admin.SubmitOrderAsync(storeId, $"late-{Guid.NewGuid():N}", typed);
        await shop.Stuck.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var browser = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.AnswerAsync(await admin.CreateLinkAsync(id), "confirm")).Status);

        // The stuck run never renews its turn: once the lease ran out, the answer's write-back takes over.
        var done = await admin.WaitForStatusAsync(id, "confirmed");
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(["confirmed"], shop.Written);
    }

    // The customer confirms on the link page while the older write-back's request is held at the shop. The newer
    // write-back gets every chance to run first (until it wrote, or a few seconds), then the shop finishes the older one.
    private static async Task AnswerWhileHeldAsync(OrderConfirmApp app, HttpClient admin, long id, HeldRequest held, Func<bool> newerWritten)
    {
        using var browser = app.CreateClient();
        var (status, _) = await browser.AnswerAsync(await admin.CreateLinkAsync(id), "confirm");
        Assert.Equal(HttpStatusCode.OK, status);
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (!newerWritten() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var overtaken = newerWritten();
        held.Release();
        Assert.False(overtaken, "the newer outcome reached the shop while the older write-back still had a request there");
    }

    // Until the shop has seen no new request for a second: an older write-back's last requests land after the row
    // says done when nothing orders them.
    private static async Task QuietAsync(Func<int> requests)
    {
        var seen = requests();
        for (var quiet = 0; quiet < 10;)
        {
            await Task.Delay(100);
            var now = requests();
            quiet = now == seen ? quiet + 1 : 0;
            seen = now;
        }
    }

    // A shop adapter whose request for the unanswered outcome never comes back (a worker hung on a dead connection).
    private sealed class HangsOnUnreachable : IOrderWriteBack
    {
        private readonly List<string> _written = [];

        public TaskCompletionSource Stuck { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            if (!await turn.ProceedAsync(cancellationToken))
            {
                return new WriteBackResult.Superseded();
            }

            if (turn.Status == "unreachable")
            {
                Stuck.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            lock (_written)
            {
                _written.Add(turn.Status);
            }

            return new WriteBackResult.Done($"wrote {turn.Status}");
        }
    }
}
