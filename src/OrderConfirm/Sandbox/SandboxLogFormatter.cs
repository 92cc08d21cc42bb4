using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace OrderConfirm.Sandbox;

/// The console format while the sandbox is on: every line starts with SANDBOX, so a log copied out of context (a
/// support ticket, a CI artefact) can never be mistaken for a service that phoned real customers.
public sealed class SandboxLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "sandbox";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write($"SANDBOX {Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}]{Environment.NewLine}      {message}{Environment.NewLine}");
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write($"      {exception}{Environment.NewLine}");
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
