using Dapper;
using Microsoft.Extensions.Options;
using OrderConfirm.Storage;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Verification;

/// orderconfirm_queue_due and orderconfirm_queue_overdue per step: how much work is due now, and how much has been due
/// for longer than Metrics:OverdueAfter (the engine is behind, or stopped). One range count on the (step, due_at)
/// index per sample; every step reports, 0 included, so an alert sees the series even when the queue is empty.
public sealed class QueueDepthGauges(Database database, IOptions<MetricsOptions> options, TimeProvider clock) : IGaugeSource
{
    private static readonly string[] Steps = [VerificationStep.Call, VerificationStep.Dialing, VerificationStep.Poll, VerificationStep.Apply];

    public async Task SampleAsync(GaugeReadings readings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<StepCount>(new CommandDefinition(
            """
            select step, count(*) as due, sum(case when due_at <= @overdueBefore then 1 else 0 end) as overdue
            from verifications
            where step in ('call', 'dialing', 'poll', 'apply') and due_at <= @now
            group by step
            """,
            new { now = now.ToMs(), overdueBefore = (now - options.Value.OverdueAfter).ToMs() },
            cancellationToken: cancellationToken))).ToDictionary(r => r.Step, StringComparer.Ordinal);

        foreach (var step in Steps)
        {
            var count = rows.GetValueOrDefault(step);
            readings.Set(TelemetryCatalog.QueueDue, count?.Due ?? 0, "step", step);
            readings.Set(TelemetryCatalog.QueueOverdue, count?.Overdue ?? 0, "step", step);
        }
    }

    // A class, not a tuple: Dapper maps SQLite's and PostgreSQL's integer widths alike onto properties.
    private sealed class StepCount
    {
        public string Step { get; set; } = "";

        public long Due { get; set; }

        public long Overdue { get; set; }
    }
}
