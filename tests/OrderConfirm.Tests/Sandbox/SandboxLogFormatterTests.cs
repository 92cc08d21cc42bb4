using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrderConfirm.Sandbox;

namespace OrderConfirm.Tests.Sandbox;

public sealed class SandboxLogFormatterTests
{
    [Fact]
    public void Every_line_of_an_entry_starts_with_sandbox_or_belongs_to_its_entry()
    {
        using var text = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Warning, "OrderConfirm.Verification.PlaceCallJob", new EventId(7), "Dial refused", new InvalidOperationException("boom"), (s, _) => s);

        new SandboxLogFormatter().Write(entry, null, text);

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("SANDBOX warn: OrderConfirm.Verification.PlaceCallJob[7]", lines[0]);
        Assert.Equal("      Dial refused", lines[1]);
        Assert.Contains("InvalidOperationException: boom", lines[2], StringComparison.Ordinal);
    }
}
