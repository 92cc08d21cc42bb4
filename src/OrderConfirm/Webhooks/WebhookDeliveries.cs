using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using OrderConfirm.Storage;

namespace OrderConfirm.Webhooks;

/// The delivery rows' state machine: new → processing (claimed by one processor) → done, or back to new with a
/// later due time, or failed. Only done drops the body; every other state keeps it so the delivery can be applied.
public sealed class WebhookDeliveries(Database database, IOptions<WebhookOptions> options, TimeProvider clock)
{
    /// Takes the oldest due deliveries for the claimant: new ones whose retry time has come, claims whose processor
    /// stopped refreshing them, and the claimant's own leftovers from a batch it could not release (the database was
    /// down). On PostgreSQL, SKIP LOCKED lets several instances share the work. Taking over another processor's stale
    /// claim counts an attempt: that processor died holding it, and a delivery that kills every processor that
    /// applies it must end failed rather than go round for ever.
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string claimant, int limit, CancellationToken cancellationToken)
        => ClaimAsync(claimant, new DeliveryClaim(limit, PerStore: limit, Busy: [], TakeBackOwn: true, Scan: limit), cancellationToken);

    /// As above, within the claim's limits: at most PerStore rows of one store (the oldest of each among the Scan oldest
    /// due rows: the window must not read a whole backlog on every claim), none of the busy stores', and the claimant's own processing rows only when it asks for its leftovers back. Otherwise they are the
    /// rows it is working on, even when its clock says their claim is stale (a refresh that has not come round yet):
    /// claiming them again would apply them twice.
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string claimant, DeliveryClaim claim, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lockClause = database.Kind == DatabaseKind.PostgreSql ? "for update skip locked" : "";
        // Store ids are numbers from our own table, written out: neither an array parameter (SQLite has none) nor text.
        var busy = claim.Busy.Count == 0 ? "" : $"and store_id not in ({string.Join(',', claim.Busy.Select(id => id.ToString(CultureInfo.InvariantCulture)))})";
        var own = claim.TakeBackOwn ? "or claimed_by = @claimant" : "";
        // Checked again in the locking select: under READ COMMITTED a row another claimant has just taken and committed
        // is re-read there, and only that check (not the window's) sees it is no longer due.
        var due = $"""
            ((status = 'new' and (due_at is null or due_at <= @now))
               or (status = 'processing' and ((claimed_at < @staleBefore and coalesce(claimed_by, '') <> @claimant) {own})))
            {busy}
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            $"""
            update webhook_deliveries set status = 'processing', claimed_at = @now, claimed_by = @claimant,
                attempts = attempts + case when status = 'processing' and coalesce(claimed_by, '') <> @claimant then 1 else 0 end
            where id in (
                select id from webhook_deliveries
                where {due}
                  and id in (
                    select id from (
                        select id, row_number() over (partition by store_id order by id) as place
                        from (select id, store_id from webhook_deliveries where {due} order by id limit @scan) oldest) ranked
                    where place <= @perStore)
                order by id
                limit @limit
                {lockClause})
            returning id, platform, delivery_id, store_id, topic, body, attempts, trace_parent
            """,
            new { now = now.ToMs(), staleBefore = (now - options.Value.ClaimTimeout).ToMs(), claimant, limit = claim.Limit, perStore = claim.PerStore, scan = claim.Scan },
            cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// Keeps the claimant's unfinished claims fresh, so no other processor takes them while they are being worked.
    public async Task<int> HeartbeatAsync(string claimant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_deliveries set claimed_at = @now where claimed_by = @claimant and status = 'processing'",
            new { claimant, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    /// Applied: the body (names, phones) is dropped; the row stays so a retried delivery is still recognised.
    public async Task CompleteAsync(long id, string claimant, string result, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update webhook_deliveries set status = 'done', result = @result, body = null, processed_at = @now, claimed_by = null
            where id = @id and claimed_by = @claimant and status = 'processing'
            """,
            new { id, claimant, result, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    /// A failed attempt: counted, and the delivery waits a growing delay, or ends failed with its body kept.
    public async Task<string> RecordFailureAsync(ClaimedDelivery delivery, string claimant, string error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var attempts = delivery.Attempts + 1;
        var now = clock.GetUtcNow();
        var status = attempts >= settings.MaxAttempts ? "failed" : "new";
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update webhook_deliveries
            set status = @status, attempts = @attempts, result = @error, due_at = @dueAt, processed_at = @processedAt,
                claimed_at = null, claimed_by = null
            where id = @id and claimed_by = @claimant and status = 'processing'
            """,
            new
            {
                id = delivery.Id,
                claimant,
                status,
                attempts,
                error,
                dueAt = status == "new" ? (now + settings.DelayAfter(attempts)).ToMs() : (long?)null,
                processedAt = status == "failed" ? now.ToMs() : (long?)null,
            },
            cancellationToken: cancellationToken));
        return status;
    }

    /// Gives back what the claimant holds and did not finish, without counting an attempt: due again at once.
    public async Task<int> ReleaseAsync(string claimant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_deliveries set status = 'new', claimed_at = null, claimed_by = null where claimed_by = @claimant and status = 'processing'",
            new { claimant },
            cancellationToken: cancellationToken));
    }

    public async Task<(string Status, string? Result)?> StatusAsync(string platform, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string?)>(new CommandDefinition(
            "select status, result from webhook_deliveries where platform = @platform and delivery_id = @deliveryId",
            new { platform, deliveryId },
            cancellationToken: cancellationToken));
        return rows.Select(r => ((string, string?)?)r).FirstOrDefault();
    }

    /// Newest first; `before` pages on.
    public async Task<IReadOnlyList<WebhookDeliveryRow>> ListAsync(string? status, long? storeId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WebhookDeliveryRow>(new CommandDefinition(
            $"""
            select {WebhookDeliveryRow.Columns} from webhook_deliveries
            where (@status is null or status = @status) and (@storeId is null or store_id = @storeId) and (@before is null or id < @before)
            order by id desc
            limit @limit
            """,
            new { status, storeId, before, limit },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<WebhookDeliveryRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WebhookDeliveryRow>(new CommandDefinition(
            $"select {WebhookDeliveryRow.Columns} from webhook_deliveries where id = @id",
            new { id },
            cancellationToken: cancellationToken));
    }

    /// An operator's replay: a failed (or waiting) delivery that still has its body is due again at once, with a
    /// fresh attempt budget. False when it is being worked, already applied, or has no body to apply.
    public async Task<bool> RequeueAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update webhook_deliveries
            set status = 'new', attempts = 0, due_at = null, claimed_at = null, claimed_by = null, processed_at = null
            where id = @id and status in ('new', 'failed') and body is not null
            """,
            new { id },
            cancellationToken: cancellationToken)) > 0;
    }

    /// A failed delivery's body holds a customer's name and phone; past the retention period it is erased and the row
    /// becomes `expired` (it can no longer be replayed). Returns how many.
    public async Task<int> ExpireFailedBodiesAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update webhook_deliveries
            set status = 'expired', body = null, result = 'body erased after the retention period (Verification:RetainPersonalDataFor); last error: ' || coalesce(result, 'none'),
                processed_at = @now
            where status = 'failed' and body is not null and received_at <= @receivedBefore
            """,
            new { receivedBefore = receivedBefore.ToMs(), now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    /// Deletes up to limit applied (or expired) deliveries finished before the time given; returns how many.
    public async Task<int> PruneFinishedAsync(DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from webhook_deliveries
            where id in (select id from webhook_deliveries
                         where status in ('done', 'expired') and processed_at <= @finishedBefore
                         limit @limit)
            """,
            new { finishedBefore = finishedBefore.ToMs(), limit },
            cancellationToken: cancellationToken));
    }

    public async Task<long> CountFailedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from webhook_deliveries where status = 'failed'", cancellationToken: cancellationToken));
    }
}

/// How much one claim may take: Limit rows in all, PerStore of one store, none of the Busy stores, looking at the Scan
/// oldest due rows; TakeBackOwn also takes the claimant's own processing rows (its leftovers after a release that failed).
public sealed record DeliveryClaim(int Limit, int PerStore, IReadOnlyList<long> Busy, bool TakeBackOwn, int Scan = DeliveryClaim.DefaultScan)
{
    // Fairness reaches this far: a second store's deliveries behind more than this many due deliveries of others wait
    // until the backlog ahead of them is shorter. A claim reads at most this many rows.
    public const int DefaultScan = 5000;
}
