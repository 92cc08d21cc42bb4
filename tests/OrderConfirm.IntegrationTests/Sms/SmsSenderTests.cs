using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Sms;

/// The sender's promises on real PostgreSQL: at most one SMS per (verification, event) whatever runs it how often, a
/// definite failure goes through the fallback gateway, an unknown outcome goes nowhere and is never sent again.
[Collection(SharedInfrastructure.Name)]
public sealed partial class SmsSenderTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const string PrimaryKey = "rsp_sender_primary_0123456789";
    private const string FallbackKey = "rb_test_sender_fallback_0123456789";

    private readonly ScriptedSmsGateway _primary = new("robosms-pk");
    private readonly ScriptedSmsGateway _fallback = new("robase");
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        LeakScan.Secret(PrimaryKey);
        LeakScan.Secret(FallbackKey);
        _database = await postgres.CreateDatabaseAsync();
        _app = StartApp();
        _admin = _app.AdminClient();
    }

    private OrderConfirmApp StartApp() => OrderConfirmApp.Start(
        _database,
        roboCall,
        new Dictionary<string, string?> { ["Sms:BalanceRecheck"] = "00:00:01", ["Sms:UnreadableBalanceRetry"] = "00:00:03" },
        services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(_primary.Provider, _primary);
            services.AddKeyedSingleton<ISmsGateway>(_fallback.Provider, _fallback);
        });

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Eight_concurrent_runs_of_the_same_event_send_one_sms_and_record_it()
    {
        var (verificationId, phone) = await VerificationAsync(new { smsLanguage = "ur" });
        _primary.Behaviour = async _ =>
        {
            await Task.Delay(200);
            return new SmsSendResult.Sent("pk-77", 2, 2.5m, "PKR");
        };

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(verificationId, SmsEvents.Received)));

        var (credentials, message) = Assert.Single(SentFor(_primary, SmsEvents.Received));
        Assert.Equal(PrimaryKey, credentials.ApiKey);
        Assert.Equal(phone, message.To);
        Assert.Equal(SmsEncoding.Ucs2, message.Encoding);
        Assert.Equal("orderconfirm-" + verificationId + "-received-primary", message.IdempotencyKey);
        Assert.StartsWith("Lahore Lawn: آپ کا آرڈر #", message.Text, StringComparison.Ordinal);
        // The intake queued the same SMS as well: of all these, one sends.
        Assert.True(runs.Count(r => r == "robosms-pk: already sent or being sent") >= 7);
        // When the intake's job won the claim, its answer may still be on the way.
        await WaitAsync(async () => (await MessagesAsync(verificationId)).Any(m => m.Event == SmsEvents.Received && m.Status != SmsStatuses.Sending));
        var row = Assert.Single(await MessagesAsync(verificationId), m => m.Event == SmsEvents.Received);
        Assert.Equal((SmsStatuses.Sent, "pk-77", 2, 2.5m, "PKR", "UCS2"), (row.Status, row.ProviderMessageId, row.ReportedSegments, row.Cost, row.CostUnit, row.Encoding));
        Assert.Equal(SmsText.Of(message.Text).Segments, row.Segments);
        var timeline = await TimelineAsync(verificationId);
        Assert.Single(timeline, t => t.StartsWith("SMS received via robosms-pk", StringComparison.Ordinal) && t.Contains(": sent, gateway counted 2, cost 2.5 PKR", StringComparison.Ordinal));

        // Another event is another message, with its own key.
        await SendAsync(verificationId, SmsEvents.Fallback);
        Assert.Equal("orderconfirm-" + verificationId + "-fallback-primary", Assert.Single(SentFor(_primary, SmsEvents.Fallback)).Message.IdempotencyKey);
    }

    [Theory]
    [InlineData(SmsRefusal.OutOfBalance)]
    [InlineData(SmsRefusal.InvalidKey)]
    [InlineData(SmsRefusal.InvalidSender)]
    [InlineData(SmsRefusal.RateLimited)]
    [InlineData(SmsRefusal.NotSent)]
    public async Task A_definite_failure_goes_through_the_fallback_gateway_once(SmsRefusal refusal)
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } }); // its refusal would pause the primary
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.NotSent(refusal, "402"));

        await SendAsync(verificationId, SmsEvents.Fallback);
        await SendAsync(verificationId, SmsEvents.Fallback);

        Assert.Single(SentFor(_primary, SmsEvents.Fallback));
        var (credentials, message) = Assert.Single(SentFor(_fallback, SmsEvents.Fallback));
        Assert.Equal(FallbackKey, credentials.ApiKey);
        Assert.Equal("orderconfirm-" + verificationId + "-fallback-fallback", message.IdempotencyKey);
        Assert.Equal(
            [(SmsSlots.Primary, SmsStatuses.Failed), (SmsSlots.Fallback, SmsStatuses.Sent)],
            (await MessagesAsync(verificationId)).Where(m => m.Event == SmsEvents.Fallback).Select(m => (m.Slot, m.Status)));
    }

    [Fact]
    public async Task An_unknown_outcome_goes_nowhere_else_and_is_never_sent_again()
    {
        var (verificationId, _) = await VerificationAsync(null);
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Unknown("timeout after 10 s"));

        await SendAsync(verificationId, SmsEvents.Fallback);
        await SendAsync(verificationId, SmsEvents.Fallback);

        Assert.Single(SentFor(_primary, SmsEvents.Fallback));
        Assert.Empty(_fallback.Sent);
        Assert.Equal(SmsStatuses.Unknown, Assert.Single(await MessagesAsync(verificationId), m => m.Event == SmsEvents.Fallback).Status);
        Assert.Contains(await TimelineAsync(verificationId), t => t.EndsWith("it may have been sent and is not sent again by itself", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_between_the_claim_and_the_record_leaves_a_claim_that_is_never_sent_again()
    {
        var (verificationId, _) = await VerificationAsync(null);
        _primary.Behaviour = _ => throw new InvalidOperationException("the process died here");

        await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(verificationId, SmsEvents.Fallback));
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("pk-1", 1, null, null));
        Assert.Equal("robosms-pk: already sent or being sent", await SendAsync(verificationId, SmsEvents.Fallback));

        Assert.Single(SentFor(_primary, SmsEvents.Fallback));
        Assert.Equal(SmsStatuses.Sending, Assert.Single(await MessagesAsync(verificationId), m => m.Event == SmsEvents.Fallback).Status);
    }

    [Fact]
    public async Task Out_of_balance_pauses_the_gateway_for_the_store_and_the_sms_waits_until_a_balance_check_shows_credit()
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } }, fallback: false);
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "402"));
        _primary.Balance = () => new SmsBalanceResult(true, 0, "PKR", "ok");

        var first = await SendOutcomeAsync(verificationId, SmsEvents.Fallback);
        var again = await SendOutcomeAsync(verificationId, SmsEvents.Fallback);
        var other = await SendOutcomeAsync(await AnotherOrderAsync(verificationId), SmsEvents.Fallback);

        // One refused send; nothing more is asked of the paused gateway before its check is due.
        Assert.Single(_primary.Sent);
        Assert.Equal(0, _primary.BalanceChecks);
        Assert.All([first, again, other], o => Assert.NotNull(o.WaitUntil));
        var paused = Assert.Single((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{await StoreIdAsync(verificationId)}"))!["sms"]!["paused"]!.AsArray());
        Assert.Equal(("robosms-pk", "OutOfBalance: 402"), ((string)paused!["provider"]!, (string)paused["detail"]!));

        await Task.Delay(Recheck + TimeSpan.FromMilliseconds(100));
        Assert.NotNull((await SendOutcomeAsync(verificationId, SmsEvents.Fallback)).WaitUntil);
        Assert.Equal(1, _primary.BalanceChecks);
        Assert.Single(_primary.Sent);

        _primary.Balance = () => new SmsBalanceResult(true, 40, "PKR", "ok");
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("pk-2", 1, null, null));
        await Task.Delay(Recheck + TimeSpan.FromMilliseconds(100));
        var resumed = await SendOutcomeAsync(verificationId, SmsEvents.Fallback);
        await SendOutcomeAsync(verificationId, SmsEvents.Fallback);

        Assert.Null(resumed.WaitUntil);
        Assert.Equal(
            ["orderconfirm-" + verificationId + "-fallback-primary", "orderconfirm-" + verificationId + "-fallback-primary-2"],
            SentFor(_primary, SmsEvents.Fallback).Select(s => s.Message.IdempotencyKey));
        var row = Assert.Single(await MessagesAsync(verificationId), m => m.Event == SmsEvents.Fallback);
        Assert.Equal((SmsStatuses.Sent, 2), (row.Status, row.Sends));
        var timeline = await TimelineAsync(verificationId);
        Assert.Single(timeline, t => t.StartsWith("SMS gateway robosms-pk paused for this store: out of balance (402)", StringComparison.Ordinal));
        Assert.Single(timeline, t => t.StartsWith("SMS fallback waits for credit", StringComparison.Ordinal));
        Assert.Single(timeline, t => t == "SMS gateway robosms-pk resumed for this store: its balance shows credit (40 PKR)");
    }

    [Fact]
    public async Task A_gateway_that_cannot_read_its_balance_is_tried_again_after_a_while()
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } }, fallback: false);
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "not enough credits"));
        _primary.Balance = () => new SmsBalanceResult(false, null, null, "no documented balance endpoint", Unreadable: true);
        await SendOutcomeAsync(verificationId, SmsEvents.Fallback);

        await Task.Delay(Recheck + TimeSpan.FromMilliseconds(100));
        Assert.NotNull((await SendOutcomeAsync(verificationId, SmsEvents.Fallback)).WaitUntil);
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("c-1", 1, null, null));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Null((await SendOutcomeAsync(verificationId, SmsEvents.Fallback)).WaitUntil);

        Assert.Equal(2, SentFor(_primary, SmsEvents.Fallback).Count);
        Assert.Contains(await TimelineAsync(verificationId), t => t.StartsWith("SMS gateway robosms-pk resumed for this store: its balance cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paused_gateway_passes_its_sms_to_the_fallback_and_never_sends_what_the_fallback_sent()
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } });
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "402"));

        Assert.Null((await SendOutcomeAsync(verificationId, SmsEvents.Fallback)).WaitUntil);
        Assert.Null((await SendOutcomeAsync(await AnotherOrderAsync(verificationId), SmsEvents.Fallback)).WaitUntil);

        // The other order's SMS did not knock on the paused gateway.
        Assert.Single(_primary.Sent);
        Assert.Equal(2, _fallback.Sent.Count);

        // Credit is back: the fallback event the second gateway sent is not sent again through the first.
        _primary.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("pk-3", 1, null, null));
        await Task.Delay(Recheck + TimeSpan.FromMilliseconds(100));
        Assert.EndsWith("fallback: robase: already sent or being sent", await SendAsync(verificationId, SmsEvents.Fallback), StringComparison.Ordinal);
        Assert.Single(_primary.Sent);
        Assert.Equal(2, _fallback.Sent.Count);
    }

    [Fact]
    public async Task Two_instances_on_one_database_send_an_event_once()
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } });
        _primary.Behaviour = async _ =>
        {
            await Task.Delay(200);
            return new SmsSendResult.Sent("pk-1", 1, null, null);
        };
        await using var second = StartApp();

        var runs = await Task.WhenAll(new[] { _app, second, _app, second, _app, second }
            .Select(app => Task.Run(async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<SmsSender>().SendAsync(verificationId, SmsEvents.Fallback, CancellationToken.None);
            })));

        Assert.Single(_primary.Sent);
        Assert.Empty(_fallback.Sent);
        Assert.Equal(5, runs.Count(r => r.Summary == "robosms-pk: already sent or being sent"));
    }

    [Fact]
    public async Task An_event_the_store_turned_off_sends_nothing()
    {
        var (verificationId, _) = await VerificationAsync(new { smsEvents = new { received = false } });

        Assert.Equal("the store has the received SMS off", await SendAsync(verificationId, SmsEvents.Received));
        await Task.Delay(500);

        Assert.Empty(_primary.Sent);
        Assert.Empty(await MessagesAsync(verificationId));
    }

    private async Task<(long VerificationId, string Phone)> VerificationAsync(object? settings, bool fallback = true)
    {
        var response = await _admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = fallback
                ? (object)new { provider = "robosms-pk", apiKey = PrimaryKey, from = "LAHORELAWN", fallbackProvider = "robase", fallbackApiKey = FallbackKey }
                : new { provider = "robosms-pk", apiKey = PrimaryKey, from = "LAHORELAWN" },
            // No call gets in the way: the order is due tomorrow.
            settings = settings is null ? (object)new { callDelay = "23:00:00" } : Merge(settings),
        });
        response.EnsureSuccessStatusCode();
        var storeId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (phone, typed) = RoboCallStub.NewPhone();
        return (await _admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed), phone);
    }

    private static JsonObject Merge(object settings)
    {
        var merged = JsonSerializerToNode(settings);
        merged["callDelay"] = "23:00:00";
        return merged;
    }

    private static JsonObject JsonSerializerToNode(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!.AsObject();

    private static List<(SmsCredentials Credentials, SmsMessage Message)> SentFor(ScriptedSmsGateway gateway, string smsEvent)
        => gateway.Sent.Where(s => s.Message.IdempotencyKey.Contains($"-{smsEvent}-", StringComparison.Ordinal)).ToList();

    private async Task<string> SendAsync(long verificationId, string smsEvent) => (await SendOutcomeAsync(verificationId, smsEvent)).Summary;

    private async Task<SmsSendOutcome> SendOutcomeAsync(long verificationId, string smsEvent)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SmsSender>().SendAsync(verificationId, smsEvent, CancellationToken.None);
    }

    private async Task<long> StoreIdAsync(long verificationId)
        => (await _admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{verificationId}"))!["storeId"]!.GetValue<long>();

    private async Task<IReadOnlyList<SmsMessageRecord>> MessagesAsync(long verificationId)
        => await _app.Services.GetRequiredService<SmsMessageRepository>().ListAsync(verificationId, CancellationToken.None);

    private async Task<List<string>> TimelineAsync(long verificationId)
        => (await _admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{verificationId}"))!["timeline"]!.AsArray()
            .Select(e => (string)e!["message"]!).ToList();
}
