using System.Text.RegularExpressions;

namespace OrderConfirm.Tests.Docs;

/// docs/operations.md has a table of the recurring jobs: every job the code registers is in it, every job in it is
/// registered, and a job registered with a schedule key names that key in its row.
public sealed partial class RecurringJobsDocsTests
{
    private const string Document = "docs/operations.md";

    [Fact]
    public void Every_registered_recurring_job_is_in_the_operations_table()
    {
        var table = JobsTable();
        var registered = Registered();

        var missing = registered.Where(r => !table.ContainsKey(r.Id)).Select(r => r.Id).ToList();

        Assert.True(registered.Count > 0, "No recurring job registration found in src/: if the registration API changed, update this test's pattern.");
        Assert.True(missing.Count == 0, $"Recurring jobs missing from {Document}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_job_in_the_operations_table_is_registered()
    {
        var registered = Registered().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var unknown = JobsTable().Keys.Where(id => !registered.Contains(id)).ToList();

        Assert.True(unknown.Count == 0, $"Jobs in {Document} that src/ does not register: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void A_job_registered_with_a_schedule_key_names_that_key_in_its_row()
    {
        var table = JobsTable();

        var wrong = Registered()
            .Where(r => r.CronKey is not null && table.TryGetValue(r.Id, out var row) && !row.Contains($"`{r.CronKey}`", StringComparison.Ordinal))
            .Select(r => $"{r.Id} ({r.CronKey})")
            .ToList();

        Assert.True(wrong.Count == 0, $"Rows of {Document} that do not name the job's schedule key: {string.Join(", ", wrong)}");
    }

    /// Job id → the whole table row, for rows whose first cell is one backticked job id.
    private static Dictionary<string, string> JobsTable()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, cells) in Markdown.TableRows(RepositoryFiles.Read(Document)))
        {
            if (Markdown.CodeSpans(cells[0]).ToList() is [var id] && JobId().IsMatch(id))
            {
                rows[id] = string.Join(" | ", cells);
            }
        }

        return rows;
    }

    /// Ids (and, where the call names one, the schedule's configuration key) of every recurring job registration in src/:
    /// recurringJobs.AddOrUpdate&lt;TJob&gt;("id", "queue", …) or services.AddRecurringJob&lt;TJob&gt;("id", "Section:Key", …).
    private static List<(string Id, string? CronKey)> Registered()
        => RepositoryFiles.TextFiles("src")
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Registration().Matches(RepositoryFiles.Read(f)))
            .Select(m => (m.Groups["id"].Value, m.Groups["second"].Value.Contains(':', StringComparison.Ordinal) ? m.Groups["second"].Value : null))
            .ToList();

    [GeneratedRegex(@"(?:AddOrUpdate|AddRecurringJob)\s*<[^>]+>\s*\(\s*""(?<id>[a-z0-9-]+)""\s*,\s*(?:""(?<second>[^""]*)"")?")]
    private static partial Regex Registration();

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex JobId();
}
