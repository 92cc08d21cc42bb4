using System.Text.Json;
using Dapper;
using OrderConfirm.Security;
using OrderConfirm.Storage;

namespace OrderConfirm.Stores;

public sealed class StoreRepository(Database database, SecretProtector protector, TimeProvider clock)
{
    private const string SecretsPurpose = "store-secrets";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        id, name, platform, shop_domain, api_base_url, enabled, disabled_reason, attention, settings, secrets,
        robocall_voice_id, sms_provider, sms_from, sms_fallback_provider, reconciled_through, created_at, updated_at
        """;

    public async Task<Store> InsertAsync(Store store, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into stores (name, platform, shop_domain, api_base_url, enabled, disabled_reason, attention, settings, secrets,
                                robocall_voice_id, sms_provider, sms_from, sms_fallback_provider, created_at, updated_at)
            values (@Name, @Platform, @ShopDomain, @ApiBaseUrl, @Enabled, @DisabledReason, @Attention, @Settings, @Secrets,
                    @VoiceId, @SmsProvider, @SmsFrom, @SmsFallbackProvider, @now, @now)
            returning id
            """,
            Parameters(store, now),
            cancellationToken: cancellationToken));
        return store with { Id = id, CreatedAt = now, UpdatedAt = now };
    }

    public async Task<Store?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition(
            $"select {Columns} from stores where id = @id", new { id }, cancellationToken: cancellationToken));
        return row is null ? null : ToStore(row);
    }

    // Only the plain settings, not the sealed secrets: enough to tell the store's time zone, and readable even when the
    // secrets cannot be opened with the configured keys.
    public async Task<StoreSettings?> GetSettingsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var settings = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select settings from stores where id = @id", new { id }, cancellationToken: cancellationToken));
        return settings is null ? null : JsonSerializer.Deserialize<StoreSettings>(settings, Json) ?? new StoreSettings();
    }

    // The platform's store for a shop domain (the shop a webhook names in its header).
    public async Task<Store?> FindByShopDomainAsync(string platform, string shopDomain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition(
            $"select {Columns} from stores where platform = @platform and shop_domain = @shopDomain",
            new { platform, shopDomain = shopDomain.ToLowerInvariant() },
            cancellationToken: cancellationToken));
        return row is null ? null : ToStore(row);
    }

    // For recurring jobs: ids only, so that one store whose secrets cannot be read fails on its own (see EachStore).
    public async Task<IReadOnlyList<long>> ListEnabledIdsAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            "select id from stores where platform = @platform and enabled order by id", new { platform }, cancellationToken: cancellationToken));
        return ids.ToList();
    }

    // The plain settings of every store of a platform, by id: for a sweep that needs no secret.
    public async Task<IReadOnlyList<(long Id, StoreSettings Settings)>> ListSettingsAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Settings)>(new CommandDefinition(
            "select id, settings from stores where platform = @platform order by id", new { platform }, cancellationToken: cancellationToken));
        return rows.Select(r => (r.Id, JsonSerializer.Deserialize<StoreSettings>(r.Settings, Json) ?? new StoreSettings())).ToList();
    }

    public async Task<IReadOnlyList<Store>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoreRow>(new CommandDefinition(
            $"select {Columns} from stores order by id", cancellationToken: cancellationToken));
        return rows.Select(ToStore).ToList();
    }

    // Newest first, ids below before (all when null), at most limit: a page of the stores API.
    public async Task<IReadOnlyList<Store>> PageAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoreRow>(new CommandDefinition(
            $"select {Columns} from stores where @before is null or id < @before order by id desc limit @limit",
            new { before, limit },
            cancellationToken: cancellationToken));
        return rows.Select(ToStore).ToList();
    }

    public async Task<Store> UpdateAsync(Store store, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update stores set name = @Name, shop_domain = @ShopDomain, api_base_url = @ApiBaseUrl, enabled = @Enabled,
                disabled_reason = @DisabledReason, attention = @Attention, settings = @Settings, secrets = @Secrets, robocall_voice_id = @VoiceId,
                sms_provider = @SmsProvider, sms_from = @SmsFrom, sms_fallback_provider = @SmsFallbackProvider, updated_at = @now
            where id = @Id
            """,
            Parameters(store, now),
            cancellationToken: cancellationToken));
        return store with { UpdatedAt = now };
    }

    public async Task SetAttentionAsync(long id, string attention, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update stores set attention = @attention, updated_at = @now where id = @id",
            new { id, attention, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    // Moves reconciliation's high-water mark from the value read before the run, so a run never overwrites an
    // operator's backfill (or another run) that moved it meanwhile.
    public async Task<bool> AdvanceReconciledThroughAsync(long id, DateTimeOffset? expected, DateTimeOffset value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update stores set reconciled_through = @value
            where id = @id and (reconciled_through = @expected or (reconciled_through is null and @expected is null))
            """,
            new { id, expected = expected?.ToMs(), value = value.ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }

    // Changes the secrets as they are stored now, when they still have webhook secret version `version`. Compare-and-set
    // on the stored value: a rotation (or any other change of the secrets) since then wins, and this does nothing.
    public async Task<bool> ChangeSecretsAsync(long id, int version, Func<StoreSecrets, StoreSecrets> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select secrets from stores where id = @id", new { id }, cancellationToken: cancellationToken));
        var secrets = stored is null ? null : JsonSerializer.Deserialize<StoreSecrets>(protector.Unprotect(stored, SecretsPurpose), Json);
        if (secrets is null || secrets.WebhookSecretVersion != version)
        {
            return false;
        }

        var confirmed = change(secrets);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update stores set secrets = @secrets where id = @id and secrets = @stored",
            new { id, stored, secrets = protector.Protect(JsonSerializer.Serialize(confirmed, Json), SecretsPurpose) },
            cancellationToken: cancellationToken)) == 1;
    }

    // An operator's backfill: reconciliation starts over from here.
    public async Task SetReconciledThroughAsync(long id, DateTimeOffset value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update stores set reconciled_through = @value where id = @id",
            new { id, value = value.ToMs() },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("delete from stores where id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
    }

    private object Parameters(Store store, DateTimeOffset now) => new
    {
        store.Id,
        store.Name,
        store.Platform,
        ShopDomain = store.ShopDomain?.ToLowerInvariant(),
        store.ApiBaseUrl,
        store.Enabled,
        store.DisabledReason,
        store.Attention,
        Settings = JsonSerializer.Serialize(store.Settings, Json),
        Secrets = protector.Protect(JsonSerializer.Serialize(store.Secrets, Json), SecretsPurpose),
        store.VoiceId,
        store.SmsProvider,
        store.SmsFrom,
        store.SmsFallbackProvider,
        now = now.ToMs(),
    };

    private Store ToStore(StoreRow row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Platform = row.Platform,
        ShopDomain = row.ShopDomain,
        ApiBaseUrl = row.ApiBaseUrl,
        Enabled = row.Enabled,
        DisabledReason = row.DisabledReason,
        Attention = row.Attention,
        Settings = JsonSerializer.Deserialize<StoreSettings>(row.Settings, Json) ?? new StoreSettings(),
        Secrets = row.Secrets is null ? new StoreSecrets() : JsonSerializer.Deserialize<StoreSecrets>(protector.Unprotect(row.Secrets, SecretsPurpose), Json) ?? new StoreSecrets(),
        VoiceId = row.RobocallVoiceId,
        SmsProvider = row.SmsProvider,
        SmsFrom = row.SmsFrom,
        SmsFallbackProvider = row.SmsFallbackProvider,
        ReconciledThrough = UnixTime.FromMs(row.ReconciledThrough),
        CreatedAt = UnixTime.FromMs(row.CreatedAt),
        UpdatedAt = UnixTime.FromMs(row.UpdatedAt),
    };

    private sealed class StoreRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public string Platform { get; set; } = "";

        public string? ShopDomain { get; set; }

        public string? ApiBaseUrl { get; set; }

        public bool Enabled { get; set; }

        public string? DisabledReason { get; set; }

        public string? Attention { get; set; }

        public string Settings { get; set; } = "{}";

        public string? Secrets { get; set; }

        public string? RobocallVoiceId { get; set; }

        public string SmsProvider { get; set; } = "none";

        public string? SmsFrom { get; set; }

        public string? SmsFallbackProvider { get; set; }

        public long? ReconciledThrough { get; set; }

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }
    }
}
