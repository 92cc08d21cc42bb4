using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Balances;

public sealed class BalanceOptions
{
    public const string Section = "Balances";

    // Schedule of the job that reads every store's Robo Call and SMS balances (read by its registration).
    public const string CronKey = "Balances:Cron";

    public const string DefaultCron = "23,53 * * * *";

    // Defaults of the per-store settings roboCallWarnBelow (PKR; about 90 calls at 5.50) and smsWarnBelow.
    [Range(0, 100_000_000)]
    public decimal RoboCallWarnBelow { get; set; } = 500;

    [Range(0, 100_000_000)]
    public decimal SmsWarnBelow { get; set; } = 100;

    // How long one balance request (the page, the API, the job) waits for all its providers together. They are asked
    // at once; a provider that has not answered by then is shown as not read, and the others' answers still count.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
