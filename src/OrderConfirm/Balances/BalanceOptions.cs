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
}
