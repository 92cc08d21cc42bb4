using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Merchant.Pages.Orders;

/// The store's verifications, newest first, through the same repository query as GET /api/verifications. An owner sees
/// their own store only (StoreScope); the operator picks any store. Dates in the filter are days in the store's zone.
public sealed class IndexModel(VerificationRepository verifications, StoreRepository stores, StoreZones zones, IOptionsMonitor<MerchantOptions> options) : PageModel
{
    private const int PageSize = 50;

    public IReadOnlyList<OrderRow> Orders { get; private set; } = [];

    public IReadOnlyList<(long Id, string Name)> Stores { get; private set; } = [];

    public long? StoreId { get; private set; }

    public string? State { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Query { get; private set; }

    public long? Before { get; private set; }

    public long? NextBefore { get; private set; }

    public string ZoneName { get; private set; } = "UTC";

    public int RefreshSeconds => options.CurrentValue.RefreshSeconds;

    public IReadOnlyList<string> Ignored { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? store, string? state, string? from, string? to, string? q, long? before, string? partial, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        (StoreId, Stores) = await StorePick.ResolveAsync(User, store, stores, cancellationToken);
        if (StoreId is not { } storeId)
        {
            return Page();
        }

        var zone = await zones.OfStoreAsync(storeId, cancellationToken);
        ZoneName = zone.Id;
        State = VerificationStatus.All.Contains(state ?? "") ? state : null;
        if (!string.IsNullOrEmpty(state) && State is null)
        {
            ignored.Add("state");
        }

        var fromMs = Day(from, zone, 0, ignored, "from");
        var toMs = Day(to, zone, 1, ignored, "to");
        From = fromMs is null ? null : from;
        To = toMs is null ? null : to;
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 100)];
        Before = before is > 0 ? before : null;
        Ignored = ignored;

        var rows = await verifications.ListAsync(new VerificationFilter(storeId, State, Before, PageSize, OrderNameContains: Query, CreatedFrom: fromMs, CreatedBefore: toMs), cancellationToken);
        Orders = rows.Select(r => OrderRow.From(r, zone)).ToList();
        NextBefore = rows.Count == PageSize ? rows[^1].Id : null;
        return partial is null ? Page() : Partial("_OrdersTable", this);
    }

    /// This page's address with the same filters and another store, cursor or the fragment flag.
    public string Link(long? before = null, bool partial = false)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("store", Stores.Count > 0 ? StoreId?.ToString(CultureInfo.InvariantCulture) : null);
        Add("state", State);
        Add("from", From);
        Add("to", To);
        Add("q", Query);
        Add("before", before?.ToString(CultureInfo.InvariantCulture));
        Add("partial", partial ? "1" : null);
        return "/orders" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    // A yyyy-MM-dd day in the store's zone, as the Unix ms of its start (plus days); null (and named) when not a day.
    private static long? Day(string? text, TimeZoneInfo zone, int plusDays, List<string> ignored, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (StoreDays.Parse(text) is not { } day)
        {
            ignored.Add(name);
            return null;
        }

        var local = day.AddDays(plusDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
    }
}

/// One line of the list: nothing of the customer but the phone's last digits.
public sealed record OrderRow(long Id, string OrderName, string Phone, string Amount, string Status, string Received, string LastChange)
{
    public static OrderRow From(VerificationRecord r, TimeZoneInfo zone) => new(
        r.Id,
        r.OrderName,
        r.PhoneMasked ?? "—",
        r.Amount.ToString(r.Amount % 1 == 0 ? "#,0" : "#,0.00", CultureInfo.InvariantCulture) + " " + r.Currency,
        r.Status,
        TimeZones.Local(DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), zone),
        TimeZones.Local(DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt), zone));
}
