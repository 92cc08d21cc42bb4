using System.Globalization;
using OrderConfirm.Sms;

namespace OrderConfirm.Merchant;

/// One day of the funnel: the orders received that day by the state they are in now, the calls placed for them, and
/// the texts sent about them with the cost their gateways reported.
public sealed record FunnelDay(string Label, IReadOnlyDictionary<string, long> ByStatus, long Calls, IReadOnlyList<SmsDayCost> Sms)
{
    public long Received => ByStatus.Values.Sum();

    public long Count(string status) => ByStatus.GetValueOrDefault(status);

    /// Orders still in progress or in another state (pending, calling, needs-attention, invalid-phone).
    public long Other => Received - Pages.FunnelModel.Outcomes.Sum(Count);

    public long Texts => Sms.Sum(s => s.Texts);

    /// The reported cost per unit ("12.50 PKR"); "—" when no gateway reported one.
    public string SmsCost
    {
        get
        {
            var reported = Sms.Where(s => s.Cost != 0).GroupBy(s => s.Unit).Select(g => $"{g.Sum(s => s.Cost).ToString("0.##", CultureInfo.InvariantCulture)}{(g.Key.Length > 0 ? " " + g.Key : "")}").ToList();
            return reported.Count > 0 ? string.Join("; ", reported) : "—";
        }
    }

    /// A state's share of the day's orders, in whole percent ("" on a day without orders).
    public string Share(string status) => Received == 0 ? "" : ((double)Count(status) / Received).ToString("0%", CultureInfo.InvariantCulture);

    public static FunnelDay Empty(string label) => new(label, new Dictionary<string, long>(), 0, []);

    public static FunnelDay Sum(IReadOnlyList<FunnelDay> days) => new(
        "total",
        days.SelectMany(d => d.ByStatus).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal),
        days.Sum(d => d.Calls),
        days.SelectMany(d => d.Sms).ToList());
}
