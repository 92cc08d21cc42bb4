using System.Data.Common;
using System.Globalization;
using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Sms;

/// One row of sms_messages: what was (or may have been) sent for a verification's event through one gateway slot.
public sealed class SmsMessageRecord
{
    public long Id { get; set; }

    public long VerificationId { get; set; }

    public string Event { get; set; } = "";

    public string Slot { get; set; } = "";

    public string Provider { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    // sending (claimed, request not answered yet), sent, failed (certainly not sent), unknown (may have been sent),
    // scheduled (held by the gateway until SendAt), cancelled (a scheduled send cancelled before it went out).
    public string Status { get; set; } = "";

    public string Encoding { get; set; } = "";

    public int Segments { get; set; }

    // Times handed to the gateway: more than 1 only after a refusal for balance and a pause that was lifted.
    public int Sends { get; set; }

    public string? ProviderMessageId { get; set; }

    public int? ReportedSegments { get; set; }

    public decimal? Cost { get; set; }

    public string? CostUnit { get; set; }

    public string? Detail { get; set; }

    public long? SendAt { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

public static class SmsSlots
{
    public const string Primary = "primary";
    public const string Fallback = "fallback";
}

public static class SmsStatuses
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Unknown = "unknown";

    // Handed to the gateway for later (a Robase scheduled send); cancelled when an answer came first.
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
}

/// A claim's answer: Key when this caller now owns the send; Dropped (why) when the SMS no longer describes its
/// verification or order and was dropped; neither when the slot is taken.
public sealed record SmsClaim(string? Key, string? Dropped = null);

/// The SMS ledger. A send is claimed (inserted and committed) before its request; the unique (verification, event,
/// slot) makes the claim the one place where "at most once" is decided, and where the SMS is checked against the
/// verification and the order (SmsRelevance) for the last time before it goes out.
public sealed class SmsMessageRepository(Database database, TimeProvider clock)
{
    private const string Columns = """
        id, verification_id, event, slot, provider, idempotency_key, status, encoding, segments, sends, provider_message_id,
        reported_segments, cost, cost_unit, detail, send_at, created_at, updated_at
        """;

    /// Drops the event's SMS when it no longer describes its verification and order or is older than maxAge: a
    /// timeline line (once per event) and the reason; null when it may still go out. For a look before the SMS waits;
    /// the claim asks again.
    public async Task<string?> DropIfStaleAsync(long verificationId, string smsEvent, TimeSpan maxAge, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, verificationId, cancellationToken);
        var dropped = await DropIfStaleAsync(connection, transaction, verificationId, smsEvent, maxAge, zone, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return dropped;
    }

    /// The send this caller now owns (its idempotency key); or the slot is taken (sent, being sent, unknown, failed for
    /// good) or another slot of the event already sent or may have sent it; or the SMS is dropped because its event no
    /// longer describes the verification and the order. A slot refused for lack of balance may be claimed again (its
    /// gateway had credit again), under the next key. Claims of one verification are serialised by a write to its row,
    /// and so are the answers and outcomes that change it: two runs cannot both pass the check of the other slot, and
    /// a run cannot claim a send on a state an answer has already replaced.
    public async Task<SmsClaim> TryClaimAsync(
        long verificationId, string smsEvent, string slot, string provider, string baseKey, SmsText text, TimeSpan maxAge, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        var encoding = text.Encoding.ToString().ToUpperInvariant();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var args = new { verificationId, smsEvent, slot, provider, encoding, segments = text.Segments, now };
        await LockAsync(connection, transaction, verificationId, cancellationToken);
        if (await DropIfStaleAsync(connection, transaction, verificationId, smsEvent, maxAge, zone, cancellationToken) is { } dropped)
        {
            await transaction.CommitAsync(cancellationToken);
            return new SmsClaim(null, dropped);
        }

        var elsewhere = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from sms_messages where verification_id = @verificationId and event = @smsEvent and slot <> @slot and status <> 'failed'",
            args, transaction, cancellationToken: cancellationToken));
        var existing = await connection.QuerySingleOrDefaultAsync<ClaimedSlot>(new CommandDefinition(
            "select status, detail, sends from sms_messages where verification_id = @verificationId and event = @smsEvent and slot = @slot",
            args, transaction, cancellationToken: cancellationToken));
        string? key = null;
        if (elsewhere == 0 && existing is null)
        {
            // The unique key stays the last word should the row lock ever not serialise two claims.
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into sms_messages (verification_id, event, slot, provider, idempotency_key, status, encoding, segments, sends, created_at, updated_at)
                values (@verificationId, @smsEvent, @slot, @provider, @baseKey, 'sending', @encoding, @segments, 1, @now, @now)
                on conflict (verification_id, event, slot) do nothing
                """,
                new { args.verificationId, args.smsEvent, args.slot, args.provider, baseKey, args.encoding, args.segments, args.now },
                transaction, cancellationToken: cancellationToken));
            key = inserted == 1 ? baseKey : null;
        }
        else if (elsewhere == 0 && existing is { Status: SmsStatuses.Failed, Detail: { } detail, Sends: var sends }
                 && detail.StartsWith(nameof(SmsRefusal.OutOfBalance) + ":", StringComparison.Ordinal))
        {
            var next = string.Create(CultureInfo.InvariantCulture, $"{baseKey}-{sends + 1}");
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                """
                update sms_messages set status = 'sending', sends = sends + 1, provider = @provider, idempotency_key = @key, encoding = @encoding,
                    segments = @segments, detail = null, provider_message_id = null, reported_segments = null, cost = null, cost_unit = null, updated_at = @now
                where verification_id = @verificationId and event = @smsEvent and slot = @slot and status = 'failed'
                """,
                new { args.verificationId, args.smsEvent, args.slot, args.provider, key = next, args.encoding, args.segments, args.now },
                transaction, cancellationToken: cancellationToken));
            key = taken == 1 ? next : null;
        }

        await transaction.CommitAsync(cancellationToken);
        return new SmsClaim(key);
    }

    /// Records the gateway's answer on a claimed row; a row that is no longer 'sending' is left as it is.
    public async Task RecordAsync(long verificationId, string smsEvent, string slot, SmsSendResult result, CancellationToken cancellationToken)
    {
        var (status, detail) = result switch
        {
            SmsSendResult.Sent sent => (SmsStatuses.Sent, sent.Replayed ? "replayed by the gateway" : sent.Status),
            SmsSendResult.NotSent notSent => (SmsStatuses.Failed, string.Create(CultureInfo.InvariantCulture, $"{notSent.Refusal}: {notSent.Code}")),
            SmsSendResult.Unknown unknown => (SmsStatuses.Unknown, unknown.Detail),
            _ => (SmsStatuses.Unknown, result.GetType().Name),
        };
        var sentResult = result as SmsSendResult.Sent;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update sms_messages set status = @status, detail = @detail, provider_message_id = @messageId, reported_segments = @segments,
                cost = @cost, cost_unit = @costUnit, updated_at = @now
            where verification_id = @verificationId and event = @smsEvent and slot = @slot and status = 'sending'
            """,
            new
            {
                verificationId, smsEvent, slot, status, detail,
                messageId = sentResult?.ProviderMessageId, segments = sentResult?.Segments, cost = sentResult?.Cost, costUnit = sentResult?.CostUnit,
                now = clock.GetUtcNow().ToMs(),
            },
            cancellationToken: cancellationToken));
    }

    /// The refusal recorded on a failed slot (status failed, detail "Refusal: code"), or null for any other state.
    public async Task<SmsSendResult.NotSent?> RecordedRefusalAsync(long verificationId, string smsEvent, string slot, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var detail = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "select detail from sms_messages where verification_id = @verificationId and event = @smsEvent and slot = @slot and status = 'failed'",
            new { verificationId, smsEvent, slot },
            cancellationToken: cancellationToken));
        var separator = detail?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return separator > 0 && Enum.TryParse<SmsRefusal>(detail![..separator], out var refusal)
            ? new SmsSendResult.NotSent(refusal, detail[(separator + 1)..].Trim())
            : null;
    }

    public async Task<IReadOnlyList<SmsMessageRecord>> ListAsync(long verificationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SmsMessageRecord>(new CommandDefinition(
            $"select {Columns} from sms_messages where verification_id = @verificationId order by id",
            new { verificationId },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    // Holds the verification's row until commit: its answers, outcomes and other claims wait for this transaction.
    private static Task<int> LockAsync(DbConnection connection, DbTransaction transaction, long verificationId, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "update verifications set updated_at = updated_at where id = @verificationId", new { verificationId }, transaction, cancellationToken: cancellationToken));

    private async Task<string?> DropIfStaleAsync(DbConnection connection, DbTransaction transaction, long verificationId, string smsEvent, TimeSpan maxAge, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<FactsRow>(new CommandDefinition(
            """
            select v.status, v.outcome, v.decided_by,
                   (select o.closed_reason from shop_orders o where o.store_id = v.store_id and o.order_id = v.order_id) as closed_reason,
                   (select d.created_at from sms_due d where d.verification_id = v.id and d.event = @smsEvent) as due_since,
                   (select min(m.created_at) from sms_messages m where m.verification_id = v.id and m.event = @smsEvent) as first_claim
            from verifications v where v.id = @verificationId
            """,
            new { verificationId, smsEvent },
            transaction,
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return "the verification no longer exists";
        }

        var since = (row.DueSince, row.FirstClaim) switch
        {
            ({ } due, { } first) => Math.Min(due, first),
            (var due, var first) => due ?? first,
        };
        var now = clock.GetUtcNow();
        if (SmsRelevance.WhyDropped(smsEvent, new SmsFacts(row.Status, row.Outcome, row.DecidedBy, row.ClosedReason, since), now, maxAge, zone) is not { } why)
        {
            return null;
        }

        // Said once per event, however many runs (duplicates, re-drives) find it dropped; the row lock orders them.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into verification_events (verification_id, at, kind, message)
            select @verificationId, @now, 'sms', @line
            where not exists (select 1 from verification_events where verification_id = @verificationId and kind = 'sms' and message like @prefix)
            """,
            new { verificationId, now = now.ToMs(), line = $"SMS {smsEvent} dropped: {why}", prefix = $"SMS {smsEvent} dropped: %" },
            transaction,
            cancellationToken: cancellationToken));
        return why;
    }

    private sealed class FactsRow
    {
        public string Status { get; set; } = "";

        public string? Outcome { get; set; }

        public string? DecidedBy { get; set; }

        public string? ClosedReason { get; set; }

        public long? DueSince { get; set; }

        public long? FirstClaim { get; set; }
    }

    private sealed class ClaimedSlot
    {
        public string Status { get; set; } = "";

        public string? Detail { get; set; }

        public int Sends { get; set; }
    }
}
