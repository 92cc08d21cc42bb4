using System.Globalization;
using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.DemoShop;

/// The demo shop's own order book (demo_shop_orders). Only the demo shop's endpoints and its checkout use it: the
/// service's guard and write-back reach these orders over HTTP, as they reach a real shop's.
public sealed class DemoShopOrders(Database database, TimeProvider clock)
{
    private const string Columns = "id, store_id, amount, currency, phone_masked, status, outcome, note, created_at, updated_at";

    public async Task<DemoShopOrder> AddAsync(long storeId, decimal amount, string currency, string? phoneMasked, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into demo_shop_orders (store_id, amount, currency, phone_masked, status, created_at, updated_at)
            values (@storeId, @amount, @currency, @phoneMasked, @status, @now, @now)
            returning id
            """,
            new { storeId, amount, currency, phoneMasked, status = DemoShopStatuses.Open, now },
            cancellationToken: cancellationToken));
        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task<DemoShopOrder?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from demo_shop_orders where id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToOrder();
    }

    /// The newest orders first.
    /// Newest first, before the id given (paging).
    public async Task<IReadOnlyList<DemoShopOrder>> ListAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from demo_shop_orders where (@before is null or id < @before) order by id desc limit @limit",
            new { before, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToOrder())];
    }

    /// The outcome the service wrote, with the status the shop gives it; never onto an order the merchant cancelled.
    /// Null when no open (or already verified) order has that id.
    public async Task<DemoShopOrder?> WriteOutcomeAsync(long id, string outcome, string note, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            update demo_shop_orders set status = @status, outcome = @outcome, note = @note, updated_at = @now
            where id = @id and not (status = @cancelled and outcome is null)
            """,
            new { id, outcome, note, status = DemoShopStatuses.For(outcome), cancelled = DemoShopStatuses.Cancelled, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
        return changed == 1 ? await GetAsync(id, cancellationToken) : null;
    }

    /// The merchant cancels an order (before its call: the guard sees it and nobody is called).
    public async Task<DemoShopOrder?> CancelAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update demo_shop_orders set status = @cancelled, note = @note, updated_at = @now where id = @id and status = @open",
            new { id, cancelled = DemoShopStatuses.Cancelled, open = DemoShopStatuses.Open, note = "Cancelled by the merchant", now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
        return await GetAsync(id, cancellationToken);
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public long StoreId { get; set; }

        public decimal Amount { get; set; }

        public string Currency { get; set; } = "";

        public string? PhoneMasked { get; set; }

        public string Status { get; set; } = "";

        public string? Outcome { get; set; }

        public string? Note { get; set; }

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }

        public DemoShopOrder ToOrder()
            => new(Id, DemoShopOrder.NameOf(Id), StoreId, Amount, Currency, PhoneMasked, Status, Outcome, Note, UnixTime.FromMs(CreatedAt), UnixTime.FromMs(UpdatedAt));
    }
}

/// A demo shop order as the shop shows it (GET /sandbox/shop/orders) and as its API answers it.
public sealed record DemoShopOrder(
    long Id,
    string Name,
    long StoreId,
    decimal Amount,
    string Currency,
    string? Phone,
    string Status,
    string? Outcome,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string NameOf(long id) => string.Create(CultureInfo.InvariantCulture, $"#D{1000 + id}");

    /// Cancelled by the merchant, not by an outcome: nothing is written onto it and nobody is called for it.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CancelledByMerchant => Status == DemoShopStatuses.Cancelled && Outcome is null;
}

/// The demo shop's order statuses: open until verified; then what each outcome makes of it.
public static class DemoShopStatuses
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";
    public const string OnHold = "on-hold";

    public static string For(string outcome) => outcome switch
    {
        "confirmed" => Confirmed,
        "cancelled" => Cancelled,
        _ => OnHold,
    };
}
