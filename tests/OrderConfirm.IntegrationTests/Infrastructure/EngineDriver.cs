using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Drives the engine by hand, for tests that set up a state first and then let exactly one step run.
public static class EngineDriver
{
    /// Runs PlaceCall for the verification here and now, as a Hangfire worker would (on a host without the worker role
    /// nothing else runs it).
    public static async Task RunPlaceCallAsync(this OrderConfirmApp app, long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<PlaceCallJob>(scope.ServiceProvider).RunAsync(id, CancellationToken.None);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time");
            await Task.Delay(100);
        }
    }
}
