namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The system clock, jumped forward on demand: lets a test reach a time limit measured in minutes without waiting,
/// while timers keep running in real time.
public sealed class SkewedClock : TimeProvider
{
    private long _skewTicks;

    public void Jump(TimeSpan by) => Interlocked.Add(ref _skewTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skewTicks));
}
