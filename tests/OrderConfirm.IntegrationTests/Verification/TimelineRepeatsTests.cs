using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// A postponement repeated for the same reason is one timeline entry in the API, with its count and first time.
[Collection(SharedInfrastructure.Name)]
public sealed class TimelineRepeatsTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task The_api_shows_a_repeated_postponement_once_with_its_count_and_first_time()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var id = await admin.SubmitOrderAsync(store, "repeat-1", "03001234567");
        var verifications = app.Services.GetRequiredService<VerificationRepository>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await verifications.PostponeCallAsync(id, DateTimeOffset.UtcNow.AddHours(1), "postponed", $"The Robo Call account is out of balance; call postponed to attempt {i}", CancellationToken.None));
        }

        var timeline = (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!["timeline"]!.AsArray();

        var postponed = Assert.Single(timeline, e => e!["kind"]!.GetValue<string>() == "postponed")!;
        Assert.Equal("The Robo Call account is out of balance; call postponed to attempt 2", postponed["message"]!.GetValue<string>());
        Assert.Equal(2, postponed["repeats"]!.GetValue<int>());
        Assert.True(postponed["firstAt"]!.GetValue<DateTimeOffset>() <= postponed["at"]!.GetValue<DateTimeOffset>());
        Assert.Null(timeline[0]!["repeats"]);
    }
}
