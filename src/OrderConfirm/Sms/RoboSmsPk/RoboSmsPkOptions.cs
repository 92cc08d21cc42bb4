using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Sms.RoboSmsPk;

public sealed class RoboSmsPkOptions
{
    public const string Section = "Sms:RoboSmsPk";

    // The documented base URL; the endpoints below it are not documented, hence the configurable paths.
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.robosms.pk/v1";

    // Relative to BaseUrl. The document shows the query parameters of a send but no path; "sms/send" is our guess.
    [Required]
    public string SendPath { get; set; } = "sms/send";

    // Relative to BaseUrl. The document names a balance check but shows neither path nor parameters.
    [Required]
    public string BalancePath { get; set; } = "balance";

    // How long a send may take before its outcome counts as unknown. A send is never retried: Robo SMS takes no
    // idempotency key, so a second request is a second SMS.
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // Per-attempt timeout of the balance read, which does retry.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // First wait before a failed balance read is sent again; it doubles with each retry (with jitter).
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
