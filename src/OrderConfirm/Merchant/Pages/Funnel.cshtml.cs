using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderConfirm.Sms;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Merchant.Pages;

/// How a store's orders ended, per day of receipt in the store's zone: counts and shares of each outcome, the calls
/// placed and the texts sent with their reported cost; a chart, a table and the same numbers as CSV.
public sealed class FunnelModel(VerificationRepository verifications, SmsCosts smsCosts, StoreRepository stores, StoreZones zones) : PageModel
{
    /// The outcomes the funnel shows one by one, in the chart's order; every other state is "in progress or other".
    public static readonly string[] Outcomes =
    [
        VerificationStatus.Confirmed, VerificationStatus.Cancelled, VerificationStatus.Callback, VerificationStatus.NoInput,
        VerificationStatus.Unreachable, VerificationStatus.Skipped,
    ];

    private static readonly string[] CsvColumns = ["day", "received", .. Outcomes, "other", "calls", "texts", "sms_cost"];

    private const int DefaultDays = 14;
    private const int MaxDays = 366;
    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public IReadOnlyList<FunnelDay> Days { get; private set; } = [];

    public FunnelDay Total { get; private set; } = FunnelDay.Empty("");

    public IReadOnlyList<(long Id, string Name)> Stores { get; private set; } = [];

    public long? StoreId { get; private set; }

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string ZoneName { get; private set; } = "UTC";

    public async Task<IActionResult> OnGetAsync(long? store, string? from, string? to, CancellationToken cancellationToken)
    {
        await LoadAsync(store, from, to, cancellationToken);
        return Page();
    }

    /// The same numbers as the table, one line per day and a total, for a spreadsheet.
    public async Task<IActionResult> OnGetCsvAsync(long? store, string? from, string? to, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(store, from, to, cancellationToken))
        {
            return NotFound();
        }

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', CsvColumns));
        foreach (var day in Days.Append(Total))
        {
            csv.AppendLine(string.Join(',', new[] { day.Label, N(day.Received) }.Concat(Outcomes.Select(o => N(day.Count(o)))).Concat([N(day.Other), N(day.Calls), N(day.Texts), Quote(day.SmsCost)])));
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"funnel-store-{StoreId}-{From}-to-{To}.csv");
    }

    private async Task<bool> LoadAsync(long? store, string? from, string? to, CancellationToken cancellationToken)
    {
        (StoreId, Stores) = await StorePick.ResolveAsync(User, store, stores, cancellationToken);
        if (StoreId is not { } storeId)
        {
            return false;
        }

        var zone = await zones.OfStoreAsync(storeId, cancellationToken);
        ZoneName = zone.Id;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var last = StoreDays.Parse(to) ?? today;
        var first = StoreDays.Parse(from) ?? last.AddDays(1 - DefaultDays);
        if (first > last || last.DayNumber - first.DayNumber >= MaxDays)
        {
            first = last.AddDays(1 - DefaultDays);
        }

        From = StoreDays.Format(first);
        To = StoreDays.Format(last);
        var offset = (long)zone.GetUtcOffset(DateTimeOffset.UtcNow).TotalMilliseconds;
        long Start(DateOnly day) => (day.DayNumber - UnixEpochDay) * 86_400_000L - offset;
        var (fromMs, toMs) = (Start(first), Start(last.AddDays(1)));

        var counts = await verifications.CountByDayAsync(storeId, fromMs, toMs, offset, cancellationToken);
        var calls = await verifications.CallsByDayAsync(storeId, fromMs, toMs, offset, cancellationToken);
        var texts = await smsCosts.ByDayAsync(storeId, fromMs, toMs, offset, cancellationToken);
        Days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1)
            .Select(i => first.AddDays(i))
            .Select(day =>
            {
                var index = day.DayNumber - UnixEpochDay;
                return new FunnelDay(
                    StoreDays.Format(day),
                    counts.Where(c => c.Day == index).ToDictionary(c => c.Status, c => c.Count, StringComparer.Ordinal),
                    calls.Where(c => c.Day == index).Sum(c => c.Calls),
                    texts.Where(t => t.Day == index).ToList());
            })
            .ToList();
        Total = FunnelDay.Sum(Days);
        return true;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) ? $"\"{text}\"" : text;
}
