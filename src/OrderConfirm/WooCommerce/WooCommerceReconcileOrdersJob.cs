using System.ComponentModel;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.WooCommerce;

/// Recurring: WooCommerce never re-sends a failed delivery, so this is its only safety net. For each enabled WooCommerce
/// store it lists the orders changed since the store's high-water mark (reconciled_through), oldest change first, 100 a
/// page, and takes in the open COD ones no webhook brought. The mark moves forward page by page with a compare-and-set,
/// so a store with thousands of changes is worked through over successive runs and never overwrites an operator's
/// backfill. A store's first run starts at its connection time; older orders only come with a backfill (POST
/// /api/stores/{id}/reconcile). Orders we already have are skipped before the intake, which dedupes on (store, order id)
/// anyway, so reading one twice is harmless; one we recorded closed that the listing shows open again is reopened.
public sealed partial class WooCommerceReconcileOrdersJob(
    StoreRepository stores,
    VerificationRepository verifications,
    WooCommerceClient client,
    WooCommerceOrderIntake intake,
    WooCommerceOrderReopen reopen,
    IOptionsMonitor<WooCommerceOptions> options,
    TimeProvider clock,
    ILogger<WooCommerceReconcileOrdersJob> logger)
{
    // 20 requests of 100 orders a run.
    private const int MaxPages = 20;

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Reconcile WooCommerce orders no webhook brought")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EachStore.RunAsync(stores, WooCommercePlatform.Key, "Reconciling WooCommerce orders", logger, store => RunForAsync(store, cancellationToken), cancellationToken);
    }

    // An operator's backfill: the mark was moved back, this runs the store at once.
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Reconcile the orders of WooCommerce store {0}")]
    public async Task RunStoreAsync(long storeId, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(storeId, cancellationToken) is { Platform: WooCommercePlatform.Key, Enabled: true } store)
        {
            await RunForAsync(store, cancellationToken);
        }
    }

    /// Where the next run starts (before the overlap): the mark (or the connection time), never further back than the
    /// lookback.
    internal static DateTimeOffset StartOf(Store store, DateTimeOffset now, TimeSpan lookback)
        => Later(store.ReconciledThrough ?? store.CreatedAt, now - lookback);

    internal async Task<(int Seen, int Taken, string? Error)> ReconcileAsync(Store store, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var mark = store.ReconciledThrough;
        var start = StartOf(store, clock.GetUtcNow(), settings.ReconcileLookback);

        // modified_after is exclusive and the store keeps whole seconds.
        var after = start - settings.ReconcileOverlap;
        var page = 1;
        DateTimeOffset? newest = null;
        var (seen, taken) = (0, 0);
        for (var request = 0; request < MaxPages; request++)
        {
            var answer = await client.ListOrdersModifiedAfterAsync(store, after, page, cancellationToken);
            if (answer is not ShopAnswer<List<WooCommerceOrder>>.Ok ok)
            {
                return (seen, taken, Describe(answer));
            }

            DateTimeOffset? newestOfPage = null;
            foreach (var order in ok.Value)
            {
                seen++;
                newestOfPage = Later(newestOfPage, order.ModifiedAt);
                if (await TakeAsync(store, order, cancellationToken))
                {
                    taken++;
                }
            }

            newest = Later(newest, newestOfPage);
            var more = ok.Value.Count > 0 && page < (ok.TotalPages ?? page);
            if (more && newestOfPage is { } last)
            {
                // The next page starts again from the newest change's second, as page 1: an order changed while we
                // read moves to the end of the list, and would shift a numbered page past an order never read.
                // Only more than a page of changes within one second needs the page number to get past them.
                (after, page) = last - Second > after ? (last - Second, 1) : (after, page + 1);
            }

            // Everything changed up to `after` has been read; when caught up, everything up to the newest change.
            var through = Later(start, more ? after : newest ?? start);
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
                return (seen, taken, null);
            }
        }

        // Page budget spent: the next run goes on from the mark.
        return (seen, taken, null);
    }

    private async Task RunForAsync(Store store, CancellationToken cancellationToken)
    {
        var (seen, taken, error) = await ReconcileAsync(store, cancellationToken);
        LogReconciled(logger, store.Id, seen, taken, error ?? "ok");
    }

    private async Task<bool> TakeAsync(Store store, WooCommerceOrder order, CancellationToken cancellationToken)
    {
        // Most changed orders are prepaid, closed, or already ours: those are passed over before any database round
        // trip. Only processing and on-hold are taken (COD checkout leaves one of them; pending is unpaid, not placed).
        var methods = store.Settings.Section<WooCommerceSettings>().CodMethods;
        if (!methods.Contains(order.PaymentMethod ?? "", StringComparer.OrdinalIgnoreCase)
            || order.Status is not (WooCommerceOrderStatuses.Processing or WooCommerceOrderStatuses.OnHold))
        {
            return false;
        }

        // Recorded closed here but open in the listing: the merchant reopened it and that order.updated was lost. The
        // listing is the store's word as much as a webhook is (WooCommerceOrderReopen decides, once).
        var known = await verifications.FindByOrderAsync(store.Id, order.Id.ToString(CultureInfo.InvariantCulture), cancellationToken) is not null;
        if (await reopen.TryAsync(store, order, cancellationToken) is { } reopening)
        {
            if (!reopening.Reopened || known)
            {
                return reopening.Reopened;
            }
        }
        else if (known)
        {
            return false;
        }

        var outcome = await intake.TakeAsync(store, order, cancellationToken);
        return outcome.StartsWith("verification", StringComparison.Ordinal) && !outcome.EndsWith("already existed", StringComparison.Ordinal);
    }

    private static string Describe(ShopAnswer<List<WooCommerceOrder>> answer) => answer switch
    {
        ShopAnswer<List<WooCommerceOrder>>.Refused refused => refused.Reason,
        ShopAnswer<List<WooCommerceOrder>>.NotFound notFound => $"HTTP 404 ({notFound.Code}): check the store's apiBaseUrl",
        ShopAnswer<List<WooCommerceOrder>>.TryLater later => later.Reason,
        ShopAnswer<List<WooCommerceOrder>>.Failed failed => failed.Reason,
        _ => answer.GetType().Name,
    };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : Later(a.Value, b.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled WooCommerce store {StoreId}: {Seen} changed orders seen, {Taken} taken in ({Result})")]
    private static partial void LogReconciled(ILogger logger, long storeId, int seen, int taken, string result);
}
