using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// The SMS ledger, the WooCommerce note ledger and the timeline stop growing: a verification finished longer ago than
/// each one's keep period loses those rows (the timeline whole), and a verification that may still act keeps all of
/// them however old they are.
[Collection(SharedInfrastructure.Name)]
public sealed class PruneFinishedVerificationsTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_verification_that_may_still_act_keeps_its_rows_whatever_their_age_and_an_old_finished_one_loses_them(string database)
    {
        await using var app = Start(database == "postgres" ? await postgres.CreateDatabaseAsync() : null);
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        // Every row of each is 200 days old; only its state (and for the last two, its last change) differs.
        var pending = await SeedAsync(app, store, "pending", "call", 200);
        var calling = await SeedAsync(app, store, "calling", "poll", 200);
        var dialing = await SeedAsync(app, store, "calling", "dialing", 200);
        var attention = await SeedAsync(app, store, "needs-attention", "done", 200);
        var applying = await SeedAsync(app, store, "confirmed", "apply", 200);
        var finishedOld = await SeedAsync(app, store, "confirmed", "done", 200);
        var finishedRecently = await SeedAsync(app, store, "cancelled", "done", 20);
        // Its rows are as old, but it changed five days ago (a late link answer, an operator's redial and a new end).
        var changedLately = await SeedAsync(app, store, "confirmed", "done", 5, rowsAgeDays: 200);

        await RunAsync(app);

        foreach (var live in new[] { pending, calling, dialing, attention, applying })
        {
            Assert.Equal(new Rows(3, 2, 1, 1), await RowsOfAsync(app, live));
        }

        // The timeline went whole: its late entry of today too.
        Assert.Equal(new Rows(0, 0, 0, 0), await RowsOfAsync(app, finishedOld));
        Assert.Equal(new Rows(3, 2, 1, 1), await RowsOfAsync(app, finishedRecently));
        Assert.Equal(new Rows(3, 2, 1, 1), await RowsOfAsync(app, changedLately));
        // The verification row itself, the merchant's record of the outcome, stays, with an empty timeline.
        var kept = await admin.GetVerificationAsync(finishedOld);
        Assert.Equal("confirmed", kept["status"]!.GetValue<string>());
        Assert.Empty(kept["timeline"]!.AsArray());
    }

    [Fact]
    public async Task Each_kind_of_row_goes_after_its_own_period()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync());
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        // Past the note ledger's 30 days, within the SMS ledger's 90 and the timeline's 180.
        var sixtyDays = await SeedAsync(app, store, "unreachable", "done", 60);
        // Past the SMS ledger's 90 days too.
        var hundredDays = await SeedAsync(app, store, "no-input", "done", 100);

        await RunAsync(app);

        Assert.Equal(new Rows(3, 2, 0, 1), await RowsOfAsync(app, sixtyDays));
        Assert.Equal(new Rows(3, 0, 0, 0), await RowsOfAsync(app, hundredDays));
    }

    [Fact]
    public async Task A_run_works_off_a_backlog_in_batches_logs_its_counts_and_a_second_run_is_harmless()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync());
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var old = new List<long>();
        for (var i = 0; i < 120; i++)
        {
            // A day apart, so the oldest entries of a batch belong to as few verifications as possible.
            old.Add(await SeedAsync(app, store, "confirmed", "done", 200 + i));
        }

        var live = await SeedAsync(app, store, "needs-attention", "done", 200);

        // 120 timelines with 2 old entries each: more than one batch of TimelinePruner.EntriesPerBatch.
        Assert.True(old.Count * 2 > TimelinePruner.EntriesPerBatch);
        await RunAsync(app);
        await RunAsync(app);

        foreach (var id in old)
        {
            Assert.Equal(new Rows(0, 0, 0, 0), await RowsOfAsync(app, id));
        }

        Assert.Equal(new Rows(3, 2, 1, 1), await RowsOfAsync(app, live));
        var logged = app.Logs.Lines.Where(l => l.Contains("of verifications finished more than", StringComparison.Ordinal)).ToList();
        Assert.Contains(logged, l => l.Contains("Deleted 360 timeline entries", StringComparison.Ordinal) && l.Contains("Verification:KeepTimelineFor", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("Deleted 360 SMS ledger rows", StringComparison.Ordinal) && l.Contains("Sms:KeepMessagesFor", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("Deleted 120 WooCommerce note ledger rows", StringComparison.Ordinal) && l.Contains("WooCommerce:KeepNoteLedgerFor", StringComparison.Ordinal));
        // The second run found nothing and said nothing.
        Assert.Equal(3, logged.Count);
    }

    [Fact]
    public async Task A_run_stops_at_its_cap_says_so_and_the_next_run_goes_on()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync());
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var cap = TimelinePruner.EntriesPerBatch * PruneFinishedVerificationsJob.MaxBatchesPerRun;
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        {
            // cap + 100 verifications finished a year ago (a day apart in milliseconds), one timeline entry each.
            var at = Now.AddDays(-365).ToUnixTimeMilliseconds();
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into verifications (store_id, order_id, order_name, amount, currency, status, step, created_at, updated_at)
                select @store, 'bulk-' || n, '#1', 100, 'PKR', 'confirmed', 'done', @at + n, @at + n from generate_series(1, @count) n;
                insert into verification_events (verification_id, at, kind, message)
                select id, created_at, 'received', 'Received' from verifications where order_id like 'bulk-%';
                """,
                new { store, at, count = cap + 100 }));
        }

        await RunAsync(app);
        Assert.Equal(100, await OldEntriesLeftAsync(app));
        Assert.Contains(app.Logs.Lines, l => l.Contains($"Deleted {cap} timeline entries", StringComparison.Ordinal) && l.Contains("(more next run)", StringComparison.Ordinal));

        await RunAsync(app);
        Assert.Equal(0, await OldEntriesLeftAsync(app));
        Assert.Contains(app.Logs.Lines, l => l.Contains("Deleted 100 timeline entries", StringComparison.Ordinal) && !l.Contains("more next run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_note_ledger_row_whose_verification_is_gone_is_deleted_once_old()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync());
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into woocommerce_notes (verification_id, marker, claimed_at, posted_at) values (987654, 'old', @old, @old), (987654, 'new', @recent, @recent)",
                new { old = Now.AddDays(-31).ToUnixTimeMilliseconds(), recent = Now.AddDays(-1).ToUnixTimeMilliseconds() }));
        }

        await RunAsync(app);

        await using var check = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        Assert.Equal(["new"], await check.QueryAsync<string>(new CommandDefinition("select marker from woocommerce_notes")));
    }

    // Roles web on PostgreSQL: no Hangfire server, so only the test runs the job. SQLite needs both roles; its
    // recurring run (hourly) deletes the same rows and would be harmless.
    private OrderConfirmApp Start(string? connectionString)
        => OrderConfirmApp.Start(connectionString, roboCall, connectionString is null ? null : new Dictionary<string, string?> { ["Roles"] = "web" });

    private static async Task RunAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PruneFinishedVerificationsJob>().RunAsync(CancellationToken.None);
    }

    // A verification last changed ageDays ago, with a timeline of three entries (two as old, one written today), two SMS
    // ledger rows and an SMS still due made as old, and one note ledger row; rowsAgeDays: its rows are that old instead.
    private static async Task<long> SeedAsync(OrderConfirmApp app, long store, string status, string step, int ageDays, int? rowsAgeDays = null)
    {
        var updatedAt = Now.AddDays(-ageDays).ToUnixTimeMilliseconds();
        var at = Now.AddDays(-(rowsAgeDays ?? ageDays)).ToUnixTimeMilliseconds();
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into verifications (store_id, order_id, order_name, amount, currency, status, step, created_at, updated_at)
            values (@store, @order, '#1', 100, 'PKR', @status, @step, @created, @at)
            returning id
            """,
            new { store, order = Guid.NewGuid().ToString("N"), status, step, created = at - 3_600_000, at = updatedAt }));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into verification_events (verification_id, at, kind, message) values
                (@id, @created, 'received', 'Received'), (@id, @at, 'call-placed', 'Placed'), (@id, @today, 'sms', 'A late line');
            insert into sms_messages (verification_id, event, slot, provider, idempotency_key, status, encoding, segments, created_at, updated_at) values
                (@id, 'received', 'primary', 'robase', @key1, 'sent', 'gsm', 1, @created, @created),
                (@id, 'confirmed', 'primary', 'robase', @key2, 'sent', 'gsm', 1, @at, @at);
            insert into sms_due (verification_id, event, due_at, redrives, created_at) values (@id, 'cancelled', @at, 0, @at);
            insert into woocommerce_notes (verification_id, marker, claimed_at, posted_at) values (@id, @marker, @at, @at);
            """,
            new { id, created = at - 3_600_000, at, today = Now.ToUnixTimeMilliseconds(), key1 = Guid.NewGuid().ToString(), key2 = Guid.NewGuid().ToString(), marker = $"[ref {id}]" }));
        return id;
    }

    private static async Task<long> OldEntriesLeftAsync(OrderConfirmApp app)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from verification_events e join verifications v on v.id = e.verification_id where v.order_id like 'bulk-%'"));
    }

    private static async Task<Rows> RowsOfAsync(OrderConfirmApp app, long id)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<Rows>(new CommandDefinition(
            """
            select (select count(*) from verification_events where verification_id = @id) as events,
                   (select count(*) from sms_messages where verification_id = @id) as sms,
                   (select count(*) from woocommerce_notes where verification_id = @id) as notes,
                   (select count(*) from sms_due where verification_id = @id) as due
            """,
            new { id }));
    }

    private sealed record Rows(long Events, long Sms, long Notes, long Due);
}
