using System.Globalization;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Verification;

/// The timeline's sentences show times in the store's own zone, with its label; the API's fields stay ISO 8601.
[Collection(SharedInfrastructure.Name)]
public sealed partial class TimelineTimesTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task The_call_due_time_is_written_in_the_stores_zone_and_the_field_keeps_its_offset()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        using var admin = app.AdminClient();
        var dubai = await admin.CreateCustomStoreAsync("Dubai Dates", settings: new { timeZone = "Asia/Dubai" });
        var karachi = await admin.CreateCustomStoreAsync("Karachi Kurta");
        var (_, phone) = RoboCallStub.NewPhone();

        var inDubai = await admin.GetVerificationAsync(await admin.SubmitOrderAsync(dubai, "D1", phone));
        var inKarachi = await admin.GetVerificationAsync(await admin.SubmitOrderAsync(karachi, "K1", phone));

        foreach (var (verification, offset, label) in new[] { (inDubai, TimeSpan.FromHours(4), "UTC+04:00"), (inKarachi, TimeSpan.FromHours(5), "PKT") })
        {
            var field = verification["nextStepAt"]!.GetValue<string>();
            Assert.Matches(IsoWithOffset(), field);
            var due = DateTimeOffset.Parse(field, CultureInfo.InvariantCulture);
            var received = verification["timeline"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).First(m => m.StartsWith("Order received", StringComparison.Ordinal));
            Assert.Equal($"Order received; call due {due.ToOffset(offset):yyyy-MM-dd HH:mm:ss} {label}", received);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithOffset();
}
