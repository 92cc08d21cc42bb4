using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Storage;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The webhook_deliveries table as it is, read straight from the app's database (what a test must not take on trust).
public static class WebhookInboxRows
{
    public static async Task<IReadOnlyList<InboxRow>> InboxRowsAsync(this OrderConfirmApp app, string? deliveryId = null)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<InboxRow>(new CommandDefinition(
            """
            select id, platform, delivery_id, store_id, topic, status, attempts, result,
                   case when body is null then 0 else 1 end as body_kept
            from webhook_deliveries
            where @deliveryId is null or delivery_id = @deliveryId
            order by id
            """,
            new { deliveryId }));
        return rows.ToList();
    }

    public static async Task<IReadOnlyList<InboxRow>> WaitForInboxAsync(this OrderConfirmApp app, Func<IReadOnlyList<InboxRow>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<InboxRow> rows = [];
        while (true)
        {
            try
            {
                rows = await app.InboxRowsAsync();
                if (condition(rows))
                {
                    return rows;
                }
            }
            catch (DbException) when (DateTime.UtcNow < deadline)
            {
                // The test may have taken the database away for a moment; look again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The inbox did not reach the expected state: {string.Join("; ", rows)}");
            }

            await Task.Delay(100);
        }
    }
}

public sealed class InboxRow
{
    public long Id { get; set; }

    public string Platform { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public long StoreId { get; set; }

    public string Topic { get; set; } = "";

    public string Status { get; set; } = "";

    public int Attempts { get; set; }

    public string? Result { get; set; }

    public long BodyKept { get; set; }

    public override string ToString() => $"{DeliveryId} {Topic} {Status} attempts={Attempts} body={(BodyKept != 0 ? "kept" : "dropped")} result={Result}";
}
