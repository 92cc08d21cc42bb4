using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderConfirm.IntegrationTests.Verification;

[Collection(SharedInfrastructure.Name)]
public sealed class PollReadFailureTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Failed_status_reads_are_retried_and_do_not_stretch_the_polls()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:ReadRetryDelay"] = "00:00:00.020",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        var failing = true;
        roboCall.Server.Given(Request.Create().WithPath("/api/get_call").UsingGet().WithParam("call_id", callId)).RespondWith(Response.Create().WithCallback(_ => Volatile.Read(ref failing)
            ? WireMockResponses.Json(500, """{"status":500,"response":"Internal Server Error"}""")
            : WireMockResponses.Json(200, $$"""{"data":{"call_id":"{{callId}}","call_status":"2","dtmf":"1","retry":"0"},"code":"200"}""")));

        var id = await client.SubmitOrderAsync(storeId, $"readfail-{Guid.NewGuid():N}", typed);
        // Each poll reads up to 3 times, each read with the HTTP client's 3 retries: 12 requests a poll.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (roboCall.Requests("/api/get_call", "call_id", callId).Count < 30)
        {
            Assert.True(DateTime.UtcNow < deadline, "the status was not polled often enough");
            await Task.Delay(100);
        }

        var row = (await app.Services.GetRequiredService<VerificationRepository>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(VerificationStep.Poll, row.Step);
        Assert.Equal(0, row.Polls); // the spacing between polls grows with successful reads only
        Volatile.Write(ref failing, false);
        var done = await client.WaitForStatusAsync(id, "confirmed");
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
    }
}
