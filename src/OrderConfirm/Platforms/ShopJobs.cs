namespace OrderConfirm.Platforms;

/// The schedules every shop platform's recurring jobs share: one setting each, whatever the platform.
public static class ShopJobs
{
    public const string ReconcileCronKey = "Jobs:ReconcileCron";
    public const string ReconcileCron = "*/15 * * * *";

    public const string EnsureWebhooksCronKey = "Jobs:EnsureWebhooksCron";
    public const string EnsureWebhooksCron = "17 * * * *";

}
