namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Waits for something the background jobs do: polls the condition every 100 ms for up to 30 s, then asserts it.
public static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    public static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition(), "timed out");
    }

    public static Task WaitForAsync(Func<Task<bool>> condition) => WaitAsync(condition);

    /// Polls until the function gives a value (not null), and returns it.
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> value, TimeSpan? limit = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        while (true)
        {
            if (await value() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }
}
