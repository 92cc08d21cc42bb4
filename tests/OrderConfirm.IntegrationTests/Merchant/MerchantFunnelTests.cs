using System.Net;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The funnel over HTTP: today's orders by outcome, and the CSV, for one store only.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantFunnelTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, MerchantClient.Settings);
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_funnel_counts_todays_outcomes_of_the_owners_store_and_its_csv_says_the_same()
    {
        var storeA = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await _admin.CreateCustomStoreAsync("Karachi Kurta");
        var confirmed = await ConfirmedOrderAsync(storeA, "LL-7001");
        await _admin.SubmitOrderAsync(storeA, "LL-7002", "0300-12345");
        await _admin.SubmitOrderAsync(storeB, "KK-7003", "0300-12345");
        await _admin.SubmitOrderAsync(storeB, "KK-7004", "0300-12345");
        await _admin.WaitForStatusAsync(confirmed, "confirmed");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(storeA, email, password);
        using var owner = new MerchantClient(_app);
        await owner.SignInAsync(email, password);

        var page = await owner.PageAsync($"/funnel?store={storeB}");
        var csvResponse = await owner.Http.GetAsync(new Uri($"/funnel?handler=Csv&store={storeB}", UriKind.Relative));
        var csv = (await csvResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.DoesNotContain("Karachi Kurta", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"confirmed\">1 ", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("day,received,confirmed,cancelled,callback,no-input,unreachable,skipped,other,calls,texts,sms_cost", csv[0]);
        // Store A's two orders today: one confirmed after one call, one invalid phone ("other"); store B's are not here.
        Assert.Equal("total,2,1,0,0,0,0,0,1,1,0,—", csv[^1]);
        Assert.Equal(1 + 14 + 1, csv.Length); // the header, the last 14 days, the total
    }

    private async Task<long> ConfirmedOrderAsync(long store, string orderId)
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", "1", "0"));
        return await _admin.SubmitOrderAsync(store, orderId, typed);
    }
}
