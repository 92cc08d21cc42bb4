using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.ConfirmLinks;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Sms;

/// A fallback SMS due outside calling hours, with Robase, is handed to Robase at once as a scheduled send for the
/// opening, and cancelled when the customer answers first (here on the confirm link the text carries). A cancel that
/// comes too late (send_at passed: 409) records the SMS as gone out; one that fails is recorded and shown, because
/// the customer may still get a text that is no longer true.
[Collection(SharedInfrastructure.Name)]
public sealed partial class SmsScheduledFallbackTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Theory]
    [InlineData("cancelled")]
    [InlineData("already-sent")]
    [InlineData("cancel-fails")]
    public async Task A_fallback_outside_calling_hours_is_scheduled_at_robase_and_cancelled_by_an_answer(string how)
    {
        using var robase = new RobaseStub();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Sms:Robase:BaseUrl"] = robase.BaseUrl,
            ["Sms:Robase:RetryDelay"] = "00:00:00.050",
            ["Sms:Robase:MaxRetries"] = "1",
            ["PublicBaseUrl"] = "https://confirm.example.pk",
        });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var (phone, id, opening) = await FallbackDueAsync(app, admin);

        await WaitAsync(() => robase.MessageTo("+" + phone) is not null);
        var send = Assert.Single(robase.Texts("+" + phone));
        Assert.Equal(opening, DateTimeOffset.Parse((string)send.Body!["send_at"]!, CultureInfo.InvariantCulture));
        Assert.Equal($"orderconfirm-{id}-fallback-primary", send.IdempotencyKey);
        var messages = app.Services.GetRequiredService<SmsMessageRepository>();
        await WaitForAsync(async () => (await messages.ListAsync(id, CancellationToken.None)).Single().Status == SmsStatuses.Scheduled);
        var row = Assert.Single(await messages.ListAsync(id, CancellationToken.None));
        Assert.Equal((opening.ToUnixTimeMilliseconds(), (string?)robase.MessageTo("+" + phone)!["id"]), (row.SendAt, row.ProviderMessageId));
        // The run removes its due row right after recording the schedule: nothing waits in our queue.
        await WaitForAsync(async () => (await app.Services.GetRequiredService<SmsDue>().OverdueAsync(DateTimeOffset.UtcNow.AddDays(2), 10, CancellationToken.None)).Count == 0);
        var timeline = await TimelineAsync(admin, id);
        Assert.Single(timeline, t => t.StartsWith("SMS fallback via robase", StringComparison.Ordinal) && t.Contains(": scheduled", StringComparison.Ordinal));
        Assert.Single(timeline, t => t.StartsWith("SMS fallback is held by robase until ", StringComparison.Ordinal));

        if (how == "already-sent")
        {
            robase.Fire(row.ProviderMessageId!);
        }
        else if (how == "cancel-fails")
        {
            robase.FailCancels(500, times: 2);
        }

        var link = LinkIn().Match((string)send.Body["body"]!);
        Assert.True(link.Success);
        Assert.Equal(HttpStatusCode.OK, (await browser.AnswerAsync("/c/" + link.Groups["token"].Value, "confirm")).Status);
        await admin.WaitForStatusAsync(id, "confirmed");
        string[] endings = ["SMS fallback cancelled at", "SMS fallback had already gone out", "SMS fallback could not be cancelled"];
        await WaitForAsync(async () => (await TimelineAsync(admin, id)).Any(t => endings.Any(e => t.StartsWith(e, StringComparison.Ordinal))));
        await Task.Delay(500);

        row = (await messages.ListAsync(id, CancellationToken.None)).Single(m => m.Event == SmsEvents.Fallback);
        timeline = await TimelineAsync(admin, id);
        var robaseStatus = (string)robase.MessageTo("+" + phone)!["status"]!;
        var answered = "the verification is now confirmed (answered on the confirm link)";
        switch (how)
        {
            case "cancelled":
                Assert.Equal(("cancelled", SmsStatuses.Cancelled, $"cancelled: {answered}"), (robaseStatus, row.Status, row.Detail));
                Assert.Single(timeline, t => t == $"SMS fallback cancelled at robase before it went out: {answered}");
                break;
            case "already-sent":
                Assert.Equal(("queued", SmsStatuses.Sent), (robaseStatus, row.Status));
                Assert.Single(timeline, t => t.StartsWith("SMS fallback had already gone out (", StringComparison.Ordinal) && t.EndsWith($"when its cancel was asked: {answered}", StringComparison.Ordinal));
                break;
            default:
                Assert.Equal(("scheduled", SmsStatuses.Scheduled, "cancel failed: Failed: HTTP 500"), (robaseStatus, row.Status, row.Detail));
                Assert.Single(timeline, t => t.StartsWith("SMS fallback could not be cancelled at robase (Failed: HTTP 500); the customer may still get it at ", StringComparison.Ordinal)
                    && t.EndsWith($"although {answered}", StringComparison.Ordinal));
                Assert.Contains(app.Logs.Lines, l => l.Contains($"The scheduled fallback SMS of verification {id} could not be cancelled", StringComparison.Ordinal));
                break;
        }

        // Sent once, however it ended: the confirmed SMS is a message of its own.
        Assert.Single(robase.Texts("+" + phone), t => t.IdempotencyKey!.Contains("-fallback-", StringComparison.Ordinal));
    }

    // A Robase store whose calling hours open in two hours (UTC), with calls due tomorrow and the received SMS off; its
    // order gets the fallback SMS recorded as due and signalled, as an unanswered attempt would.
    private static async Task<(string Phone, long Id, DateTimeOffset Opening)> FallbackDueAsync(OrderConfirmApp app, HttpClient admin)
    {
        var now = DateTimeOffset.UtcNow;
        var opening = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddHours(2);
        var hours = $"{opening:HH:mm}-{opening.AddHours(1):HH:mm}";
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robase", apiKey = RobaseStub.LiveKey, from = "LAHORELAWN" },
            settings = new { callDelay = "23:00:00", callingHours = hours, timeZone = "UTC", smsEvents = new { received = false } },
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (phone, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await app.Services.GetRequiredService<SmsDue>().AddAsync(id, SmsEvents.Fallback, CancellationToken.None);
        app.Services.GetRequiredService<SmsDispatcher>().Enqueue(id, SmsEvents.Fallback);
        return (phone, id, opening);
    }

    private static async Task<List<string>> TimelineAsync(HttpClient admin, long id)
        => (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!["timeline"]!.AsArray().Select(e => (string)e!["message"]!).ToList();

    [GeneratedRegex(@"https://confirm\.example\.pk/c/(?<token>[A-Za-z0-9_-]{43})")]
    private static partial Regex LinkIn();
}
