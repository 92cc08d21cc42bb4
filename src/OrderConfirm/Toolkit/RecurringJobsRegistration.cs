using System.Linq.Expressions;
using Hangfire;

namespace OrderConfirm.Toolkit;

/// A recurring job a feature registers with its own services: a stable id, the configuration key of its schedule and
/// the schedule when that key is not set.
public sealed record RecurringJob(string Id, string CronKey, string DefaultCron, Action<IRecurringJobManager, string> AddOrUpdate);

public static class RecurringJobs
{
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cronKey, string defaultCron, Expression<Func<TJob, Task>> run)
        => services.AddSingleton(new RecurringJob(id, cronKey, defaultCron, (manager, cron) => manager.AddOrUpdate(id, "default", run, cron)));
}

// Adds or updates every recurring job by its stable id at each start (idempotent), so a lost in-memory queue gets them
// back. A schedule that is set but blank or that Hangfire cannot parse stops the start with a message naming its key.
public sealed class RecurringJobsRegistration(IRecurringJobManager recurringJobs, IEnumerable<RecurringJob> jobs, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var job in jobs)
        {
            var cron = configuration.GetSection(job.CronKey).Exists() ? configuration[job.CronKey] : job.DefaultCron;
            if (string.IsNullOrWhiteSpace(cron))
            {
                errors.Add($"{job.CronKey}: a schedule is required (a cron expression; leave the key out for the default).");
                continue;
            }

            try
            {
                job.AddOrUpdate(recurringJobs, cron);
            }
            catch (ArgumentException)
            {
                // Hangfire refuses a schedule it cannot parse with an ArgumentException.
                errors.Add($"{job.CronKey}: '{cron}' is not a cron expression (5 fields, or 6 with seconds).");
            }
        }

        return errors.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException(string.Join(" ", errors));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
