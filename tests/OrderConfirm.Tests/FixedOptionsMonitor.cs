using Microsoft.Extensions.Options;

namespace OrderConfirm.Tests;

/// Options that never change, for classes that read IOptionsMonitor.CurrentValue.
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
