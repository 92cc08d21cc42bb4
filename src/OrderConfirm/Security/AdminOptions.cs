namespace OrderConfirm.Security;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    // Bearer key for /api/*. Required outside Development.
    public string? ApiKey { get; set; }

    // Bearer key for /metrics only, so Prometheus never holds the admin key. Optional: the admin key also opens it.
    public string? MetricsKey { get; set; }
}
