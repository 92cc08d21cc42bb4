namespace OrderConfirm.Toolkit;

// "web" serves the API, webhooks and dashboard; "worker" runs the Hangfire server. Both by default; split them to
// scale out (several workers on one PostgreSQL database).
public sealed record Roles(bool Web, bool Worker)
{
    /// As the setting spells them: "web,worker", "web" or "worker".
    public string Names => string.Join(',', new[] { Web ? "web" : null, Worker ? "worker" : null }.OfType<string>());

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

        var result = new Roles(roles.Contains("web"), roles.Contains("worker"));
        if (!(result.Web && result.Worker) && string.IsNullOrWhiteSpace(configuration.GetConnectionString("OrderConfirm")))
        {
            // The embedded mode's job queue lives in the process's memory: a web-only process would queue calls that no
            // worker ever sees, and a worker-only one would never receive any.
            throw new InvalidOperationException(
                $"Roles '{value}' needs PostgreSQL: on the embedded SQLite storage the Hangfire queue is in memory and not shared "
                + "between processes, so the web and worker roles must run in one process. Remove Roles (or set it to 'web,worker'), "
                + "or set ConnectionStrings:OrderConfirm to a PostgreSQL database.");
        }

        return result;
    }
}
