using Microsoft.Extensions.Options;
using OrderConfirm.Telemetry;
using OrderConfirm.Tests.Telemetry;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// What the state machine counts: a call's result once, a verification's end once, whatever runs race for it; and
/// the queue gauges from the rows themselves.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task A_call_result_and_a_verifications_end_are_counted_once_each()
    {
        using var recorded = new RecordedMeasurements();
        var verifications = new VerificationRepository(_database, _clock, recorded.Metrics);
        var id = await PlacedAsync();

        await verifications.FinishCallAsync(id, "confirmed", Deciders.Call, 2, 1, 0, "pressed 1", CancellationToken.None);
        await verifications.FinishCallAsync(id, "cancelled", Deciders.Call, 2, 2, 0, "pressed 2", CancellationToken.None);
        Assert.Equal(0, recorded.Count(TelemetryCatalog.VerificationsFinished));
        var turn = await TurnAsync(id);
        _clock.Advance(TimeSpan.FromSeconds(90));
        await verifications.CompleteWriteBackAsync(id, turn, "done", "tagged", CancellationToken.None);
        await verifications.CompleteWriteBackAsync(id, turn, "done", "tagged", CancellationToken.None);

        Assert.Equal(1, recorded.Sum(TelemetryCatalog.CallResults, ("result", "confirmed")));
        Assert.Equal(0, recorded.Sum(TelemetryCatalog.CallResults, ("result", "cancelled")));
        Assert.Equal(1, recorded.Sum(TelemetryCatalog.VerificationsFinished, ("state", "confirmed"), ("store", _storeId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(1, recorded.Count(TelemetryCatalog.OutcomeWait));
        Assert.True(recorded.Sum(TelemetryCatalog.OutcomeWait) >= 90);
    }

    [Fact]
    public async Task A_stop_before_the_call_ends_the_verification_as_skipped()
    {
        using var recorded = new RecordedMeasurements();
        var verifications = new VerificationRepository(_database, _clock, recorded.Metrics);
        var (row, _) = await verifications.CreateAsync(Order("stop-1"), CancellationToken.None);

        Assert.True(await verifications.StopAsync(row.Id, "The order was cancelled in the shop", CancellationToken.None));
        Assert.False(await verifications.StopAsync(row.Id, "The order was cancelled in the shop", CancellationToken.None));

        Assert.Equal(1, recorded.Sum(TelemetryCatalog.VerificationsFinished, ("state", "skipped")));
    }

    [Fact]
    public async Task Queue_gauges_count_due_rows_per_step_and_those_due_too_long()
    {
        using var recorded = new RecordedMeasurements();
        var (late, _) = await _verifications.CreateAsync(Order("q-1"), CancellationToken.None);
        var (due, _) = await _verifications.CreateAsync(Order("q-2"), CancellationToken.None);
        var (future, _) = await _verifications.CreateAsync(Order("q-3"), CancellationToken.None);
        var now = _clock.GetUtcNow();
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            foreach (var (id, at) in new[] { (late.Id, now.AddMinutes(-6)), (due.Id, now.AddSeconds(-1)), (future.Id, now.AddMinutes(1)) })
            {
                await using var update = connection.CreateCommand();
                update.CommandText = $"update verifications set due_at = {at.ToUnixTimeMilliseconds()} where id = {id}";
                await update.ExecuteNonQueryAsync();
            }
        }

        await new QueueDepthGauges(_database, Options.Create(new MetricsOptions { OverdueAfter = TimeSpan.FromMinutes(5) }), _clock).SampleAsync(recorded.Readings, CancellationToken.None);
        recorded.ReadGauges();

        Assert.Equal(2, recorded.Sum(TelemetryCatalog.QueueDue, ("step", "call")));
        Assert.Equal(1, recorded.Sum(TelemetryCatalog.QueueOverdue, ("step", "call")));
        Assert.Equal(0, recorded.Sum(TelemetryCatalog.QueueDue, ("step", "poll")));
        Assert.Equal(4, recorded.Count(TelemetryCatalog.QueueDue)); // every step reports, 0 included
    }
}
