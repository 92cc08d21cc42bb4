using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Shopify;

/// Recurring: asks each Shopify store for its open COD orders that carry no cod-* tag yet and takes in the ones no
/// webhook brought (Shopify does not guarantee delivery). Each store keeps a high-water mark (reconciled_through):
/// orders are read oldest first from it, and it moves forward page by page, so a busy store's backlog is worked off
/// over successive runs instead of the same first pages being read every time. A store's first run starts at its
/// connection time; older orders are taken in only when an operator asks for a backfill (POST
/// /api/stores/{id}/reconcile). Orders we already have are left alone, so reading one twice is harmless.
public sealed partial class ShopifyReconcileOrdersJob(
    StoreRepository stores,
    VerificationRepository verifications,
    ShopifyAdminClient admin,
    ShopifyOrderIntake intake,
    IOptionsMonitor<ShopifyOptions> options,
    TimeProvider clock,
    ILogger<ShopifyReconcileOrdersJob> logger)
{
    private const int MaxPages = 20;

    // Shopify's search index can trail order creation, so every run looks again at the last minutes before it began.
    internal static readonly TimeSpan IndexLag = TimeSpan.FromMinutes(10);

    // Oldest first (sortKey CREATED_AT, not reversed): the mark can only move forward over orders already seen.
    internal const string Query = """
        query RecentOrders($q: String!, $after: String) {
          orders(first: 50, after: $after, query: $q, sortKey: CREATED_AT) {
            nodes {
              id legacyResourceId name createdAt cancelledAt closed test tags paymentGatewayNames phone
              shippingAddress { phone name } billingAddress { phone }
              customer { firstName lastName defaultPhoneNumber { phoneNumber } }
              totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Reconcile Shopify orders no webhook brought")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EachStore.RunAsync(stores, ShopifyPlatform.Key, "Reconciling Shopify orders", logger, store => RunForAsync(store, cancellationToken), cancellationToken);
    }

    // An operator's backfill: the mark was moved back, this runs the store at once.
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Reconcile the orders of Shopify store {0}")]
    public async Task RunStoreAsync(long storeId, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(storeId, cancellationToken) is { Platform: ShopifyPlatform.Key, Enabled: true } store)
        {
            await RunForAsync(store, cancellationToken);
        }
    }

    private async Task RunForAsync(Store store, CancellationToken cancellationToken)
    {
        var (seen, taken, error) = await ReconcileAsync(store, cancellationToken);
        LogReconciled(logger, store.Id, seen, taken, error ?? "ok");
    }

    /// Where the next run starts: the mark (or the connection time), never further back than the lookback.
    internal static DateTimeOffset StartOf(Store store, DateTimeOffset now, TimeSpan lookback)
        => Later(store.ReconciledThrough ?? store.CreatedAt, now - lookback);

    internal async Task<(int Seen, int Taken, string? Error)> ReconcileAsync(Store store, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var settings = options.CurrentValue;
        var mark = store.ReconciledThrough;
        var from = StartOf(store, started, settings.ReconcileLookback);
        var search = Search(store, from, settings.ReconcileFilterByGateway);
        string? after = null;
        var (seen, taken) = (0, 0);
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await admin.ExecuteAsync(store, Query, new { q = search, after }, cancellationToken);
            if (result is not ShopAnswer<JsonElement>.Ok ok)
            {
                return (seen, taken, Describe(result));
            }

            var orders = ok.Value.GetProperty("orders");
            var newest = from;
            foreach (var node in orders.GetProperty("nodes").EnumerateArray())
            {
                seen++;
                newest = Later(newest, CreatedAt(node) ?? newest);
                if (await TakeAsync(store, ShopifyOrderFacts.FromGraphQl(node), cancellationToken))
                {
                    taken++;
                }
            }

            var pageInfo = orders.GetProperty("pageInfo");
            var more = pageInfo.TryGetProperty("hasNextPage", out var next) && next.ValueKind == JsonValueKind.True;

            // Caught up: every order created before the run began has been seen, bar the index lag. Otherwise the
            // next run goes on from the newest order of this page (and still re-reads the lag window).
            var through = Later(from, more ? Earlier(newest, started - IndexLag) : started - IndexLag);
            if (through > (mark ?? DateTimeOffset.MinValue))
            {
                if (!await stores.AdvanceReconciledThroughAsync(store.Id, mark, through, cancellationToken))
                {
                    return (seen, taken, "the store's reconciliation mark was moved meanwhile (a backfill); that run goes on");
                }

                mark = through;
            }

            if (!more)
            {
                break;
            }

            after = pageInfo.GetProperty("endCursor").GetString();
        }

        return (seen, taken, null);
    }

    private async Task<bool> TakeAsync(Store store, ShopifyOrderFacts facts, CancellationToken cancellationToken)
    {
        // The search already asks for COD gateways and excludes our tags; checking again here covers a shop whose
        // search ignores the gateway filter or whose index lags behind, before any database round trip.
        var gateways = store.Settings.Section<ShopifySettings>().CodGateways;
        if (!facts.Gateways.Any(g => gateways.Contains(g, StringComparer.OrdinalIgnoreCase))
            || facts.Tags.Any(t => t.StartsWith("cod-", StringComparison.OrdinalIgnoreCase))
            || await verifications.FindByOrderAsync(store.Id, facts.OrderId, cancellationToken) is not null)
        {
            return false;
        }

        var outcome = await intake.TakeAsync(store, facts, cancellationToken);
        return outcome.StartsWith("verification", StringComparison.Ordinal) && !outcome.EndsWith("already existed", StringComparison.Ordinal);
    }

    // Open orders created since the start, without any of our tags, paid through one of the store's COD gateways.
    // Assumed (not verified against a live shop): gateway: matches paymentGatewayNames exactly as Shopify shows them,
    // and a double-quoted value keeps its spaces and parentheses literally (only \ and " need escaping inside). The
    // intake checks the gateway again, and Shopify:ReconcileFilterByGateway switches the filter off.
    internal static string Search(Store store, DateTimeOffset from, bool filterByGateway)
    {
        var terms = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"created_at:>='{from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}'"),
            "status:open",
        };
        var gateways = store.Settings.Section<ShopifySettings>().CodGateways.Where(g => !string.IsNullOrWhiteSpace(g)).ToList();
        if (filterByGateway && gateways.Count > 0)
        {
            terms.Add("(" + string.Join(" OR ", gateways.Select(g => $"gateway:{Quote(g.Trim())}")) + ")");
        }

        terms.AddRange(new[] { ShopifyWriteBack.PendingTag }.Concat(ShopifyWriteBack.OutcomeTagNames).Select(t => $"tag_not:{t}"));
        return string.Join(" AND ", terms);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static DateTimeOffset? CreatedAt(JsonElement node)
        => node.TryGetProperty("createdAt", out var value) && value.ValueKind == JsonValueKind.String
           && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string Describe(ShopAnswer<JsonElement> result) => result switch
    {
        ShopAnswer<JsonElement>.TryLater t => t.Reason,
        ShopAnswer<JsonElement>.Refused r => r.Reason,
        ShopAnswer<JsonElement>.Failed f => f.Reason,
        _ => result.GetType().Name,
    };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled Shopify store {StoreId}: {Seen} untagged open orders seen, {Taken} taken in ({Result})")]
    private static partial void LogReconciled(ILogger logger, long storeId, int seen, int taken, string result);
}
