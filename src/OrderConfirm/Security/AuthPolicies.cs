namespace OrderConfirm.Security;

public static class AuthPolicies
{
    public const string Admin = "admin";
    public const string Dashboard = "dashboard";
    public const string Metrics = "metrics";
}
