namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A request a stub holds at a chosen point: the stub awaits it before it does the request's work, the test waits
/// until the request arrived, does what it wants to interleave, then releases it. The work is done after the release,
/// as a slow shop would do it.
public sealed class HeldRequest
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HasArrived => _arrived.Task.IsCompleted;

    public Task ArrivedAsync(TimeSpan? timeout = null) => _arrived.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public void Release() => _released.TrySetResult();

    // Called by the stub: holds the request until the test releases it.
    internal Task HoldAsync()
    {
        _arrived.TrySetResult();
        return _released.Task;
    }
}
