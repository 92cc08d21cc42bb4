namespace OrderConfirm.Hosting;

// "web" serves the API, webhooks and dashboard; "worker" runs the Hangfire server. Both by default; split them to
// scale out (several workers on one PostgreSQL database).
public sealed record Roles(bool Web, bool Worker)
{
    public static Roles From(IConfiguration configuration)
    {
        var value = configuration["Roles"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new Roles(true, true);
        }

        var roles = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = roles.Where(r => r is not ("web" or "worker")).ToList();
        if (unknown.Count > 0 || roles.Length == 0)
        {
            throw new InvalidOperationException($"Roles must be a comma-separated list of 'web' and 'worker', not '{value}'.");
        }

        return new Roles(roles.Contains("web"), roles.Contains("worker"));
    }
}
