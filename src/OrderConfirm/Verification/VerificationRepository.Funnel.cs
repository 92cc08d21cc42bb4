using Dapper;

namespace OrderConfirm.Verification;

// The funnel (the merchant pages' /funnel): how a store's orders ended, per day. A day is counted in the store's zone
// by a fixed offset (the zone's offset now), which is exact for zones without daylight saving, such as Pakistan's.
public sealed partial class VerificationRepository
{
    private const long DayMs = 86_400_000;

    /// Orders received per day (days since 1970 in the store's zone) and state.
    public async Task<IReadOnlyList<(long Day, string Status, long Count)>> CountByDayAsync(long storeId, long fromMs, long toMs, long offsetMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, string, long)>(new CommandDefinition(
            """
            select (created_at + @offsetMs) / @DayMs as day, status, count(*) as n
            from verifications
            where store_id = @storeId and created_at >= @fromMs and created_at < @toMs
            group by 1, 2
            order by 1, 2
            """,
            new { storeId, fromMs, toMs, offsetMs, DayMs },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// Calls placed per day of the orders received that day (each dial that Robo Call accepted, re-attempts included).
    public async Task<IReadOnlyList<(long Day, long Calls)>> CallsByDayAsync(long storeId, long fromMs, long toMs, long offsetMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, long)>(new CommandDefinition(
            """
            select (v.created_at + @offsetMs) / @DayMs as day, count(*) as n
            from verification_events e join verifications v on v.id = e.verification_id
            where v.store_id = @storeId and v.created_at >= @fromMs and v.created_at < @toMs and e.kind = 'call-placed'
            group by 1
            """,
            new { storeId, fromMs, toMs, offsetMs, DayMs },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
