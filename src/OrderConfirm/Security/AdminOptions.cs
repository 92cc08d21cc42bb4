namespace OrderConfirm.Security;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    // Bearer key for /api/*. Required outside Development.
    public string? ApiKey { get; set; }
}
