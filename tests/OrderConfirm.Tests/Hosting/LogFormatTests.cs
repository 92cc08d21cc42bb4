using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Hosting;

/// The console log as the repository's appsettings files make it: one JSON object per line in Production (for a log
/// collector), readable lines in Development.
public sealed class LogFormatTests
{
    [Fact]
    public void Production_writes_each_log_line_as_one_json_object_with_a_utc_timestamp()
    {
        using var app = Host("Production");

        var line = Write(app, new InvalidOperationException("boom"));

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        Assert.Equal("OrderConfirm.Webhooks", root.GetProperty("Category").GetString());
        Assert.Equal("Store 7: the shop answered 503", root.GetProperty("Message").GetString());
        Assert.Equal(7, root.GetProperty("State").GetProperty("StoreId").GetInt32());
        Assert.Contains("boom", root.GetProperty("Exception").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", root.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        Assert.Single(line.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Development_writes_readable_lines()
    {
        using var app = Host("Development");

        var line = Write(app, exception: null);

        Assert.Matches(@"^\d\d:\d\d:\d\d warn: OrderConfirm.Webhooks", line);
        Assert.Contains("Store 7: the shop answered 503", line, StringComparison.Ordinal);
    }

    private static WebApplication Host(string environment)
        => WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = RepositoryFiles.Root }).Build();

    // Formats one entry with the formatter the configuration chose, as the console logger does.
    private static string Write(WebApplication app, Exception? exception)
    {
        var chosen = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == chosen);
        var state = new Dictionary<string, object?> { ["StoreId"] = 7, ["{OriginalFormat}"] = "Store {StoreId}: the shop answered 503" };
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Warning, "OrderConfirm.Webhooks", new EventId(1), [.. state], exception, (_, _) => "Store 7: the shop answered 503");
        using var writer = new StringWriter();
        formatter.Write(in entry, new LoggerExternalScopeProvider(), writer);
        return writer.ToString();
    }
}
