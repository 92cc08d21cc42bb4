using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Custom;
using OrderConfirm.RoboCall;
using OrderConfirm.Shopify;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.Verification;

/// What PlaceCall decides before the dial claim, without the job: the rows, stores and Robo Call key marks live in a
/// real SQLite file; the shop guards and Robo Call's balance endpoint are fakes, so nothing goes over HTTP.
public sealed partial class CallPreparationTests : IAsyncLifetime
{
    private const string ApiKey = "rc-key-1";
    private const string Phone = "+923001234567";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oc-unit-{Guid.NewGuid():N}");
    // 15:00 in Karachi: inside the default calling hours (09:00-21:00).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeBalanceApi _balance = new();
    private readonly ServiceCollection _guards = new();
    private Database _database = null!;
    private SecretProtector _protector = null!;
    private KeyFingerprints _fingerprints = null!;
    private StoreRepository _stores = null!;
    private VerificationRepository _verifications = null!;
    private RoboCallAccounts _accounts = null!;

    public async Task InitializeAsync()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        _database = Database.Create(null, Path.Combine(_directory, "test.db"));
        await new SchemaMigrator(_database, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var encryption = Options.Create(new EncryptionOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        _protector = new SecretProtector(encryption);
        _fingerprints = new KeyFingerprints(encryption);
        _stores = new StoreRepository(_database, _protector, _clock);
        _verifications = new VerificationRepository(_database, _clock);
        _accounts = new RoboCallAccounts(_database, _clock);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Everything_in_order_gives_the_dial_its_facts()
    {
        var id = await PendingAsync(await StoreAsync(name: "Lahore Lawn"));

        var decision = await PrepareAsync(id);
        var dial = Assert.IsType<CallDecision.Dial>(decision).Facts;

        Assert.Equal((Phone, ApiKey, "voice-7", "Lahore Lawn"), (dial.Phone, dial.ApiKey, dial.VoiceId, dial.StoreName));
        Assert.Equal((1500L, "1001"), (dial.Amount, dial.OrderName));
        Assert.Equal(_fingerprints.For(ApiKey), dial.KeyFingerprint);
        Assert.Equal(id, dial.Verification.Id);
        Assert.DoesNotContain(Phone[3..], decision.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_that_left_its_call_step_is_left_alone()
    {
        var id = await PendingAsync(await StoreAsync());
        Assert.True(await _verifications.StopByHandAsync(id, Deciders.Operator, "stopped", CancellationToken.None));

        Assert.IsType<CallDecision.NothingToDo>(await PrepareAsync(id));
    }

    [Fact]
    public async Task A_disabled_store_is_not_called_and_says_why()
    {
        var id = await PendingAsync(await StoreAsync(enabled: false, disabledReason: "the app was uninstalled from the shop"));

        var stop = Assert.IsType<CallDecision.DoNotCall>(await PrepareAsync(id));

        Assert.Equal("The store is disabled (the app was uninstalled from the shop)", stop.Reason);
    }

    [Fact]
    public async Task A_run_before_the_due_time_waits_for_it_under_the_job_the_row_names()
    {
        var dueAt = _clock.GetUtcNow().AddMinutes(10);
        var id = await PendingAsync(await StoreAsync(), dueAt);
        // A row queued as a job of its own before the step runners still names that job.
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"update verifications set job_id = 'job-42' where id = {id}";
            await command.ExecuteNonQueryAsync();
        }

        var wait = Assert.IsType<CallDecision.WaitForDueTime>(await PrepareAsync(id));

        Assert.Equal((dueAt, "job-42"), (wait.DueAt, wait.JobId));
    }

    [Fact]
    public async Task Outside_calling_hours_the_call_moves_to_the_next_opening()
    {
        var id = await PendingAsync(await StoreAsync());
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero)); // 22:00 in Karachi

        var postpone = Assert.IsType<CallDecision.Postpone>(await PrepareAsync(id));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(5)), postpone.Until);
        Assert.StartsWith("Outside calling hours (09:00-21:00, Asia/Karachi)", postpone.Message, StringComparison.Ordinal);
        Assert.EndsWith("call moved to 2026-11-23 09:00:00 PKT", postpone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erased_phone_is_not_called()
    {
        var store = await StoreAsync();
        var id = await PendingAsync(store, orderId: "1001");
        await _verifications.EraseCustomerAsync(store.Id, ["1001"], CancellationToken.None);

        Assert.Equal("The customer's phone number was erased", Assert.IsType<CallDecision.DoNotCall>(await PrepareAsync(id)).Reason);
    }

    [Theory]
    [InlineData(null, "voice-7", "No Robo Call API key (store roboCall.apiKey or RoboCall:ApiKey) is configured")]
    [InlineData(ApiKey, null, "No Robo Call voice id (store roboCall.voiceId or Verification:VoiceId) is configured")]
    public async Task Missing_call_settings_need_a_person(string? apiKey, string? voiceId, string reason)
    {
        var id = await PendingAsync(await StoreAsync());

        var attention = Assert.IsType<CallDecision.NeedsAttention>(await PrepareAsync(id, apiKey, voiceId));

        Assert.Equal(reason, attention.Reason);
    }

    [Fact]
    public async Task A_phone_that_cannot_be_decrypted_needs_a_person()
    {
        var id = await PendingAsync(await StoreAsync(), protectedPhone: "v1.retired.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var attention = Assert.IsType<CallDecision.NeedsAttention>(await PrepareAsync(id));

        Assert.Contains("cannot be decrypted", attention.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_just_found_out_of_balance_pauses_the_call_without_asking_Robo_Call_or_the_shop()
    {
        var guard = Guard(WooCommercePlatform.Key, reason: "closed");
        var id = await PendingAsync(await StoreAsync(platform: WooCommercePlatform.Key));
        await _accounts.MarkOutOfBalanceAsync(_fingerprints.For(ApiKey), CancellationToken.None);

        var postpone = Assert.IsType<CallDecision.Postpone>(await PrepareAsync(id));

        Assert.Equal(_clock.GetUtcNow() + new RoboCallOptions().OutOfBalancePause, postpone.Until);
        Assert.Equal((0, 0), (_balance.Checks, guard.Calls));
    }

    [Fact]
    public async Task A_paused_key_is_asked_again_after_the_recheck_period_and_dials_once_it_has_credit()
    {
        var id = await PendingAsync(await StoreAsync());
        await _accounts.MarkOutOfBalanceAsync(_fingerprints.For(ApiKey), CancellationToken.None);
        _clock.Advance(new RoboCallOptions().BalanceRecheck + TimeSpan.FromSeconds(1));
        _balance.Balance = 100m;

        Assert.IsType<CallDecision.Dial>(await PrepareAsync(id));

        Assert.Equal(1, _balance.Checks);
        Assert.Null((await _accounts.GetAsync(_fingerprints.For(ApiKey), CancellationToken.None))!.OutOfBalanceAt);
    }

    [Fact]
    public async Task A_paused_key_still_without_credit_stays_paused_and_is_not_asked_again_before_the_next_recheck()
    {
        var id = await PendingAsync(await StoreAsync());
        await _accounts.MarkOutOfBalanceAsync(_fingerprints.For(ApiKey), CancellationToken.None);
        _clock.Advance(new RoboCallOptions().BalanceRecheck + TimeSpan.FromSeconds(1));
        _balance.Balance = 0m;

        Assert.IsType<CallDecision.Postpone>(await PrepareAsync(id));
        Assert.IsType<CallDecision.Postpone>(await PrepareAsync(id));

        Assert.Equal(1, _balance.Checks);
    }

    [Theory]
    [InlineData("The order was cancelled in WooCommerce before the call")]
    [InlineData(null)]
    public async Task The_guard_of_the_store_platform_decides_whether_the_order_is_still_open(string? reason)
    {
        var woo = Guard(WooCommercePlatform.Key, reason);
        var shopify = Guard(ShopifyPlatform.Key, reason: "not this one");
        var id = await PendingAsync(await StoreAsync(platform: WooCommercePlatform.Key));

        var decision = await PrepareAsync(id);

        Assert.Equal(reason, (decision as CallDecision.DoNotCall)?.Reason);
        Assert.Equal(reason is null, decision is CallDecision.Dial);
        Assert.Equal((1, 0), (woo.Calls, shopify.Calls));
    }

    [Fact]
    public async Task A_fresh_order_is_dialled_without_asking_the_shop_and_a_later_dial_asks()
    {
        var woo = Guard(WooCommercePlatform.Key, reason: "The order was cancelled in WooCommerce before the call");
        var id = await PendingAsync(await StoreAsync(platform: WooCommercePlatform.Key));
        var rereadAfter = TimeSpan.FromMinutes(5);

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.IsType<CallDecision.Dial>(await PrepareAsync(id, rereadAfter: rereadAfter));
        Assert.Equal(0, woo.Calls);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.IsType<CallDecision.DoNotCall>(await PrepareAsync(id, rereadAfter: rereadAfter));
        Assert.Equal(1, woo.Calls);
    }

    [Fact]
    public async Task A_platform_without_a_guard_is_called_on_the_intake_word()
    {
        var shopify = Guard(ShopifyPlatform.Key, reason: "not this one");
        var id = await PendingAsync(await StoreAsync(platform: CustomPlatform.Key));

        Assert.IsType<CallDecision.Dial>(await PrepareAsync(id));
        Assert.Equal(0, shopify.Calls);
    }

    [Fact]
    public async Task A_guard_that_fails_fails_the_preparation_for_the_job_to_count()
    {
        Guard(WooCommercePlatform.Key, reason: null, fails: true);
        var id = await PendingAsync(await StoreAsync(platform: WooCommercePlatform.Key));

        await Assert.ThrowsAsync<InvalidOperationException>(() => PrepareAsync(id));
    }

    private Task<CallDecision> PrepareAsync(long id, string? apiKey = ApiKey, string? voiceId = "voice-7", TimeSpan? rereadAfter = null)
    {
        var verification = new FixedOptionsMonitor<VerificationOptions>(new VerificationOptions { VoiceId = voiceId, RereadOrderAfter = rereadAfter ?? TimeSpan.Zero });
        var roboCall = new FixedOptionsMonitor<RoboCallOptions>(new RoboCallOptions { ApiKey = apiKey });
        var preparation = new CallPreparation(
            _verifications,
            _stores,
            new CallPolicyResolver(verification, roboCall),
            new RoboCallClient(new NoDials(), _balance, NullLogger<RoboCallClient>.Instance),
            _accounts,
            _protector,
            _fingerprints,
            _guards.BuildServiceProvider(),
            roboCall,
            verification,
            _clock);
        return preparation.PrepareAsync(id, CancellationToken.None);
    }

    private FakeGuard Guard(string platform, string? reason, bool fails = false)
    {
        var guard = new FakeGuard(reason, fails);
        _guards.AddKeyedSingleton<IOrderGuard>(platform, guard);
        return guard;
    }

    private Task<Store> StoreAsync(string platform = CustomPlatform.Key, string name = "Karachi Kurta", bool enabled = true, string? disabledReason = null)
        => _stores.InsertAsync(new Store { Id = 0, Name = name, Platform = platform, Enabled = enabled, DisabledReason = disabledReason }, CancellationToken.None);

    private async Task<long> PendingAsync(Store store, DateTimeOffset? dueAt = null, string orderId = "1001", string? protectedPhone = null)
    {
        var (record, _) = await _verifications.CreateAsync(
            new NewVerification(
                store.Id, orderId, $"#{orderId}", 1499.50m, "PKR", protectedPhone ?? _protector.Protect(Phone, ProtectionPurposes.Phone), "+92300*****67", null,
                VerificationStatus.Pending, VerificationStep.Call, dueAt ?? _clock.GetUtcNow(), null),
            CancellationToken.None);
        return record.Id;
    }
}
