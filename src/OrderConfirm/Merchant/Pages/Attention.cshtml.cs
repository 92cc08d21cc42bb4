using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Merchant.Pages;

/// The operator's list of what needs a person: webhook deliveries that failed (with a replay) and orders in
/// needs-attention across stores (with the actions their state allows). Operator only: the deliveries hold other
/// stores' data, so a store owner is answered 404 for the page and every handler, as for a page that does not exist.
/// The actions are the API's: WebhookDeliveryRetry and VerificationActions.
public sealed class AttentionModel(
    WebhookDeliveries deliveries, WebhookDeliveryRetry retry, VerificationRepository verifications, VerificationActions actions,
    AttentionCounts counts, StoreRepository stores, StoreZones zones, TimeProvider clock) : PageModel
{
    private const int Limit = 100;
    private const int ExpiredShown = 20;
    private static readonly string[] Done = ["delivery", "retry", "redial"];

    public IReadOnlyList<DeliveryLine> Failed { get; private set; } = [];

    public IReadOnlyList<DeliveryLine> Expired { get; private set; } = [];

    public IReadOnlyList<AttentionLine> Orders { get; private set; } = [];

    public long FailedCount { get; private set; }

    public long NeedsAttentionCount { get; private set; }

    public IReadOnlyList<(long Id, string Name)> Stores { get; private set; } = [];

    public long? StoreId { get; private set; }

    /// The action just done (after the redirect) and on what, to say so.
    public string? Did { get; private set; }

    public long? DidId { get; private set; }

    /// Why the action asked for was refused: a text key of this page (with the delivery's id), or the action's words.
    public string? ProblemKey { get; private set; }

    public string? Problem { get; private set; }

    public long? ProblemId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? store, string? did, long? item, CancellationToken cancellationToken)
    {
        if (!MerchantSession.IsOperator(User))
        {
            return NotFound();
        }

        (Did, DidId) = Done.Contains(did) && item is > 0 ? (did, item) : (null, null);
        return await ShowAsync(store, cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryDeliveryAsync(long id, long? store, CancellationToken cancellationToken)
    {
        if (!MerchantSession.IsOperator(User))
        {
            return NotFound();
        }

        switch (await retry.RetryAsync(id, cancellationToken))
        {
            case DeliveryRetryResult.Retried:
                return LocalRedirect(Link(store, "delivery", id));
            case DeliveryRetryResult.Refused refused:
                (ProblemKey, ProblemId) = ("DeliveryRefused_" + refused.Why, id);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(store, cancellationToken);
            default:
                return NotFound();
        }
    }

    public Task<IActionResult> OnPostRetryWriteBackAsync(long id, long? store, CancellationToken cancellationToken)
        => ActAsync(id, store, "retry", () => actions.RetryWriteBackAsync(id, ActingPerson.Operator, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRedialAsync(long id, long? store, CancellationToken cancellationToken)
        => ActAsync(id, store, "redial", () => actions.RedialAsync(id, ActingPerson.Operator, cancellationToken), cancellationToken);

    /// This page's address for the store filter (none: every store) and, after an action, what was done to what.
    public static string Link(long? store, string? did = null, long? item = null)
    {
        var query = new List<string>();
        if (store is { } s)
        {
            query.Add("store=" + s.ToString(CultureInfo.InvariantCulture));
        }

        if (did is not null && item is { } i)
        {
            query.Add("did=" + did);
            query.Add("item=" + i.ToString(CultureInfo.InvariantCulture));
        }

        return "/attention" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    private async Task<IActionResult> ActAsync(long id, long? store, string did, Func<Task<VerificationActionResult>> act, CancellationToken cancellationToken)
    {
        if (!MerchantSession.IsOperator(User))
        {
            return NotFound();
        }

        switch (await act())
        {
            case VerificationActionResult.Done:
                return LocalRedirect(Link(store, did, id));
            case VerificationActionResult.Refused refused:
                Problem = refused.Detail;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(store, cancellationToken);
            case VerificationActionResult.Invalid invalid:
                Problem = invalid.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(store, cancellationToken);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> ShowAsync(long? store, CancellationToken cancellationToken)
    {
        var all = await stores.ListAsync(cancellationToken);
        var names = all.ToDictionary(s => s.Id, s => s.Name);
        Stores = all.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => (s.Id, s.Name)).ToList();
        StoreId = store is { } asked && names.ContainsKey(asked) ? asked : null;
        (FailedCount, NeedsAttentionCount) = await counts.CountAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var zoneOf = new Dictionary<long, TimeZoneInfo>();
        async Task<TimeZoneInfo> ZoneAsync(long storeId)
        {
            if (!zoneOf.TryGetValue(storeId, out var zone))
            {
                zoneOf[storeId] = zone = await zones.OfStoreAsync(storeId, cancellationToken);
            }

            return zone;
        }

        async Task<IReadOnlyList<DeliveryLine>> DeliveriesAsync(string status, int limit)
        {
            var lines = new List<DeliveryLine>();
            foreach (var row in await deliveries.ListAsync(status, StoreId, null, limit, cancellationToken))
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(row.ProcessedAt ?? row.ReceivedAt);
                lines.Add(new DeliveryLine(
                    row.Id, row.Platform, Name(names, row.StoreId), row.Topic, row.Attempts, TimeZones.Local(at, await ZoneAsync(row.StoreId)),
                    Age.Of(now - at), row.Result, row.Status == "failed" && row.BodyKept != 0));
            }

            return lines;
        }

        Failed = await DeliveriesAsync("failed", Limit);
        Expired = await DeliveriesAsync("expired", ExpiredShown);

        var orders = new List<AttentionLine>();
        foreach (var record in await verifications.ListAsync(new VerificationFilter(StoreId, VerificationStatus.NeedsAttention, null, Limit), cancellationToken))
        {
            var since = DateTimeOffset.FromUnixTimeMilliseconds(record.UpdatedAt);
            orders.Add(new AttentionLine(
                record, Name(names, record.StoreId), TimeZones.Local(since, await ZoneAsync(record.StoreId)), Age.Of(now - since)));
        }

        Orders = orders;
        return Page();
    }

    private static string Name(Dictionary<long, string> names, long storeId)
        => names.TryGetValue(storeId, out var name) ? name : "#" + storeId.ToString(CultureInfo.InvariantCulture);
}

/// A failed or expired delivery as the page shows it: never its body; LastError is the step and the exception type
/// (WebhookProcessor.Describe), which quotes nothing of the order.
public sealed record DeliveryLine(long Id, string Platform, string Store, string Topic, int Attempts, string When, Age Age, string? LastError, bool CanRetry);

/// A needs-attention order: its record (for the actions its state allows), its store, since when, how long.
public sealed record AttentionLine(VerificationRecord Record, string Store, string Since, Age Age);

/// How long ago, in the unit a person reads: minutes under two hours, hours under two days, days after.
public sealed record Age(string Unit, long Count)
{
    public static Age Of(TimeSpan span) => span switch
    {
        { TotalHours: < 2 } => new("AgeMinutes", Math.Max(0, (long)span.TotalMinutes)),
        { TotalDays: < 2 } => new("AgeHours", (long)span.TotalHours),
        _ => new("AgeDays", (long)span.TotalDays),
    };
}
