using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Sms;

public sealed class SmsOptions
{
    public const string Section = "Sms";

    // How often a paused gateway's balance is read again while SMS wait for it.
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BalanceRecheck { get; set; } = TimeSpan.FromMinutes(10);

    // A gateway whose balance cannot be read (robo-sms.com, Robase without Sms:Robase:BalancePath) is tried again
    // after this long: a send that is refused for balance again is certainly not sent, so trying costs nothing.
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UnreadableBalanceRetry { get; set; } = TimeSpan.FromHours(1);

    // An SMS that has waited this long since it became due (calling hours, credit, a gateway retried every
    // UnreadableBalanceRetry) is dropped with a timeline line: a confirmation text days late helps nobody. Longer than
    // the longest night outside calling hours, or a fallback at closing time would be dropped in the morning.
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    // How long the SMS ledger (sms_messages: what was sent, its cost and delivery) is kept after its verification
    // finished; then it is deleted with any SMS still waiting for it (SmsLedgerPruner). The ledger is what sends each
    // text at most once, so it outlives anything that could still send it: at least a week, longer than MaxAge can be.
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepMessagesFor { get; set; } = TimeSpan.FromDays(90);

    // How long a signalled batch run waits before it reads what is due, so that the SMS of a burst (outcomes arrive a
    // few a second) gather into one batch instead of one run each. Every SMS waits this much longer; 0 sends at once.
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan BatchGather { get; set; } = TimeSpan.FromSeconds(1);
}
