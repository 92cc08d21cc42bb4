using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Sms;

/// What a store's texts cost, per day of the orders they were about (the merchant pages' funnel): the texts sent and
/// the cost the gateways reported, in each reported unit (gateways bill in their own units; they are never added up).
public sealed class SmsCosts(Database database)
{
    private const long DayMs = 86_400_000;

    public async Task<IReadOnlyList<SmsDayCost>> ByDayAsync(long storeId, long fromMs, long toMs, long offsetMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            select (v.created_at + @offsetMs) / @DayMs as day, coalesce(m.cost_unit, '') as unit, count(*) as texts, coalesce(sum(m.cost), 0) as cost
            from sms_messages m join verifications v on v.id = m.verification_id
            where v.store_id = @storeId and v.created_at >= @fromMs and v.created_at < @toMs and m.status = 'sent'
            group by 1, 2
            """,
            new { storeId, fromMs, toMs, offsetMs, DayMs },
            cancellationToken: cancellationToken));
        return rows.Select(r => new SmsDayCost(r.Day, r.Unit ?? "", r.Texts, r.Cost)).ToList();
    }

    // Settable, not positional: Dapper converts a column to a property's type (SQLite's numeric sum may come as a double),
    // while a constructor must match the column types exactly.
    private sealed class Row
    {
        public long Day { get; set; }

        public string? Unit { get; set; }

        public long Texts { get; set; }

        public decimal Cost { get; set; }
    }
}

public sealed record SmsDayCost(long Day, string Unit, long Texts, decimal Cost);
