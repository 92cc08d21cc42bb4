using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Custom;

public sealed class ResultWebhookOptions
{
    public const string Section = "ResultWebhooks";

    // How long a receiver may take to answer one delivery before it counts as a failed attempt.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    // Attempts of one event, the first included, before it is marked failed.
    [Range(1, 30)]
    public int MaxAttempts { get; set; } = 8;

    // The wait before the second attempt; it doubles with each further one (at most a day), each with ±25 % jitter.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    // After a rotation of the signing secret, how long the previous secret still signs deliveries too (a second
    // signature in webhook-signature), for the shop to switch over. Zero drops it at once (a leaked secret).
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromDays(1);

    // How far back the sweep looks for a needs-attention verification whose result webhook was never recorded.
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SweepLookback { get; set; } = TimeSpan.FromDays(1);
}
