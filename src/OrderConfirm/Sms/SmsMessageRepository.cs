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

    // sending (claimed, request not answered yet), sent, failed (certainly not sent), unknown (may have been sent).
    public string Status { get; set; } = "";

    public string Encoding { get; set; } = "";

    public int Segments { get; set; }

    public string? ProviderMessageId { get; set; }

    public int? ReportedSegments { get; set; }

    public decimal? Cost { get; set; }

    public string? CostUnit { get; set; }

    public string? Detail { get; set; }

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
}

/// The SMS ledger. A send is claimed (inserted and committed) before its request; the unique (verification, event,
/// slot) makes the claim the one place where "at most once" is decided.
public sealed class SmsMessageRepository(Database database, TimeProvider clock)
{
    private const string Columns = """
        id, verification_id, event, slot, provider, idempotency_key, status, encoding, segments, provider_message_id,
        reported_segments, cost, cost_unit, detail, created_at, updated_at
        """;

    /// True when this caller owns the send; false when the row already exists (sent, failed, or being sent).
    public async Task<bool> TryClaimAsync(long verificationId, string smsEvent, string slot, string provider, string idempotencyKey, SmsText text, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into sms_messages (verification_id, event, slot, provider, idempotency_key, status, encoding, segments, created_at, updated_at)
            values (@verificationId, @smsEvent, @slot, @provider, @idempotencyKey, 'sending', @encoding, @segments, @now, @now)
            on conflict (verification_id, event, slot) do nothing
            """,
            new { verificationId, smsEvent, slot, provider, idempotencyKey, encoding = text.Encoding.ToString().ToUpperInvariant(), segments = text.Segments, now },
            cancellationToken: cancellationToken)) == 1;
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

    public async Task<IReadOnlyList<SmsMessageRecord>> ListAsync(long verificationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SmsMessageRecord>(new CommandDefinition(
            $"select {Columns} from sms_messages where verification_id = @verificationId order by id",
            new { verificationId },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
