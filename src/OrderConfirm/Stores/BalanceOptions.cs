using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Stores;

public sealed class BalanceOptions
{
    public const string Section = "Balances";

    // Cron of the job that reads every store's Robo Call and SMS balances.
    [Required]
    public string Cron { get; set; } = "23,53 * * * *";

    // Defaults of the per-store settings roboCallWarnBelow (PKR; about 90 calls at 5.50) and smsWarnBelow.
    [Range(0, 100_000_000)]
    public decimal RoboCallWarnBelow { get; set; } = 500;

    [Range(0, 100_000_000)]
    public decimal SmsWarnBelow { get; set; } = 100;
}
