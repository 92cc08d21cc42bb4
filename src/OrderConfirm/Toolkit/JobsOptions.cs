using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Toolkit;

// Hangfire's own settings and the sweepers' grace. Each feature registers its recurring jobs with their schedule keys
// (Jobs:PollCallsCron, Jobs:ReconcileCron, …) in its own setup (RecurringJobs.AddRecurringJob).
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    // How often Hangfire looks for scheduled and recurring work.
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    // How often an idle worker checks PostgreSQL for new jobs (jobs enqueued on the same instance start at once).
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    // Hangfire workers on this instance; each in-flight job (a dial, a write-back) holds one while it waits for the
    // provider or the shop, so they are sized for waiting, not for cores (the sale-day burst: 10 → 30 workers took
    // the dial rate at 150 ms from 22 to 35 /s on two cores).
    [Range(1, 100)]
    public int WorkerCount { get; set; } = 20;

    // How long past its due time a step may wait for its job before the sweeper re-drives it.
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SweeperGrace { get; set; } = TimeSpan.FromMinutes(1);
}
