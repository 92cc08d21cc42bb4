using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Sms;

public sealed record SmsPause(long StoreId, string Provider, long PausedAt, long CheckedAt, string Detail);

/// Which SMS gateways are paused for which store because they ran out of balance. A pause is per store, not per
/// key: the store view and the timeline speak of the store's gateway, and stores rarely share a key.
public sealed class SmsPauses(Database database, TimeProvider clock)
{
    private const string Columns = "store_id, provider, paused_at, checked_at, detail";

    public async Task<SmsPause?> GetAsync(long storeId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SmsPause>(new CommandDefinition(
            $"select {Columns} from sms_pauses where store_id = @storeId and provider = @provider",
            new { storeId, provider },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SmsPause>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SmsPause>(new CommandDefinition(
            $"select {Columns} from sms_pauses where store_id = @storeId order by provider",
            new { storeId },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// True when this call paused the gateway; false when it was paused already (only the check time moves).
    public async Task<bool> PauseAsync(long storeId, string provider, string detail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into sms_pauses (store_id, provider, paused_at, checked_at, detail) values (@storeId, @provider, @now, @now, @detail)
            on conflict (store_id, provider) do nothing
            """,
            new { storeId, provider, now, detail },
            cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return true;
        }

        await MarkCheckedAsync(storeId, provider, cancellationToken);
        return false;
    }

    public async Task MarkCheckedAsync(long storeId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update sms_pauses set checked_at = @now where store_id = @storeId and provider = @provider",
            new { storeId, provider, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    /// True when this call lifted the pause (so exactly one caller reports the resume).
    public async Task<bool> ResumeAsync(long storeId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from sms_pauses where store_id = @storeId and provider = @provider",
            new { storeId, provider },
            cancellationToken: cancellationToken)) == 1;
    }
}
