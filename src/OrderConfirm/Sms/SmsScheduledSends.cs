using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Sms;

/// One send the gateway holds until SendAt (sms_messages with status 'scheduled').
public sealed class ScheduledSms
{
    public string Event { get; set; } = "";

    public string Slot { get; set; } = "";

    public string Provider { get; set; } = "";

    public string? ProviderMessageId { get; set; }

    public long? SendAt { get; set; }
}

/// The scheduled sends of sms_messages: marked when the gateway accepted one for later, and settled (cancelled, gone
/// out) at most once each, by a conditional update.
public sealed class SmsScheduledSends(Database database, TimeProvider clock)
{
    public async Task MarkAsync(long verificationId, string smsEvent, string slot, DateTimeOffset sendAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update sms_messages set status = 'scheduled', send_at = @sendAt, updated_at = @now
            where verification_id = @verificationId and event = @smsEvent and slot = @slot and status = 'sent'
            """,
            new { verificationId, smsEvent, slot, sendAt = sendAt.ToMs(), now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ScheduledSms>> OfAsync(long verificationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ScheduledSms>(new CommandDefinition(
            "select event, slot, provider, provider_message_id, send_at from sms_messages where verification_id = @verificationId and status = 'scheduled'",
            new { verificationId },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// Moves a scheduled send to status (cancelled, sent) with detail; false when another run settled it first.
    public async Task<bool> SettleAsync(long verificationId, string smsEvent, string slot, string status, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update sms_messages set status = @status, detail = @detail, updated_at = @now
            where verification_id = @verificationId and event = @smsEvent and slot = @slot and status = 'scheduled'
            """,
            new { verificationId, smsEvent, slot, status, detail, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// A cancel that failed: the send stays scheduled, with why; false when it was already noted (or settled).
    public async Task<bool> NoteCancelFailedAsync(long verificationId, string smsEvent, string slot, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update sms_messages set detail = @detail, updated_at = @now
            where verification_id = @verificationId and event = @smsEvent and slot = @slot and status = 'scheduled' and coalesce(detail, '') <> @detail
            """,
            new { verificationId, smsEvent, slot, detail, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }
}
