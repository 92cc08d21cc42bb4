using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Hosting;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Shopify;

/// Recurring: asks each Shopify store for its recent open orders that carry no cod-* tag yet and takes in the COD
/// ones no webhook brought (Shopify does not guarantee delivery). Orders we already have are left alone.
public sealed partial class ReconcileOrdersJob(
    StoreRepository stores,
    VerificationRepository verifications,
    ShopifyAdminClient admin,
    ShopifyOrderIntake intake,
    IOptionsMonitor<ShopifyOptions> options,
    TimeProvider clock,
    ILogger<ReconcileOrdersJob> logger)
{
    private const int MaxPages = 20;

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
        foreach (var store in (await stores.ListAsync(cancellationToken)).Where(s => s.Platform == Platforms.Shopify && s.Enabled))
        {
            var (seen, taken, error) = await ReconcileAsync(store, cancellationToken);
            LogReconciled(logger, store.Id, seen, taken, error ?? "ok");
        }
    }

    internal async Task<(int Seen, int Taken, string? Error)> ReconcileAsync(Store store, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - options.CurrentValue.ReconcileLookback;
        var search = string.Create(CultureInfo.InvariantCulture, $"created_at:>='{since:yyyy-MM-ddTHH:mm:ssZ}' AND status:open AND tag_not:{ShopifyWriteBack.PendingTag} AND tag_not:cod-confirmed AND tag_not:cod-cancelled AND tag_not:cod-callback AND tag_not:cod-unreachable");
        string? after = null;
        var (seen, taken) = (0, 0);
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await admin.ExecuteAsync(store, Query, new { q = search, after }, cancellationToken);
            if (result is not ShopifyAdminResult.Ok ok)
            {
                return (seen, taken, result.GetType().Name);
            }

            var orders = ok.Data.GetProperty("orders");
            foreach (var node in orders.GetProperty("nodes").EnumerateArray())
            {
                seen++;
                var facts = ShopifyOrderFacts.FromGraphQl(node);
                // The search already excludes our tags; this also covers shops whose search index lags behind.
                if (facts.Tags.Any(t => t.StartsWith("cod-", StringComparison.OrdinalIgnoreCase))
                    || await verifications.FindByOrderAsync(store.Id, facts.OrderId, cancellationToken) is not null)
                {
                    continue;
                }

                var outcome = await intake.TakeAsync(store, facts, cancellationToken);
                if (outcome.StartsWith("verification", StringComparison.Ordinal))
                {
                    taken++;
                }
            }

            var pageInfo = orders.GetProperty("pageInfo");
            if (!pageInfo.TryGetProperty("hasNextPage", out var more) || more.ValueKind != JsonValueKind.True)
            {
                break;
            }

            after = pageInfo.GetProperty("endCursor").GetString();
        }

        return (seen, taken, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled Shopify store {StoreId}: {Seen} untagged open orders seen, {Taken} taken in ({Result})")]
    private static partial void LogReconciled(ILogger logger, long storeId, int seen, int taken, string result);
}
