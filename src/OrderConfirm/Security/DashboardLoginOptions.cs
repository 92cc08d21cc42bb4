namespace OrderConfirm.Security;

public sealed class DashboardLoginOptions
{
    public const string Section = "Dashboard";

    public string? Username { get; set; }

    public string? Password { get; set; }
}
