using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OrderConfirm.DemoShop;
using OrderConfirm.Platforms;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Sandbox;

/// Sandbox:Enabled (or `--sandbox`): the service simulates Robo Call and the three SMS gateways itself and adds the demo
/// shop (docs/sandbox.md). Off, this registers only the setting and its checks.
public static class SandboxSetup
{
    /// The sandbox's defaults (docs/sandbox.md, "What the sandbox changes").
    internal static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Storage:SqlitePath"] = "data/sandbox.db",
        ["RoboCall:ApiKey"] = "sandbox-robocall-key",
        ["Verification:VoiceId"] = "sandbox-voice",
        ["Verification:CallDelay"] = "00:00:05",
        ["Verification:PollInterval"] = "00:00:02",
        ["Verification:CallingHours"] = "00:00-24:00",
        ["Verification:GiveUpAfter"] = "00:10:00",
        ["Verification:Reattempts"] = "1",
        ["Verification:ReattemptAfter"] = "00:00:15",
        ["Verification:WriteBackRetryDelay"] = "00:00:05",
        ["Jobs:SchedulePollingInterval"] = "00:00:01",
        ["Jobs:PollCallsCron"] = "*/2 * * * * *",
    };

    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.Section)
            .ValidateDataAnnotationsNamingKeys(SandboxOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxSafety>();

        // A value that is not a boolean is named by the options binder at start-up, like any other bad setting.
        if (!(bool.TryParse(builder.Configuration[SandboxOptions.EnabledKey], out var enabled) && enabled))
        {
            return builder;
        }

        builder.Services.AddSingleton<SandboxMode>();
        AddDefaults(builder.Configuration);
        builder.Services.AddSandboxProviders();

        // The simulators' requests carry keys and numbers in their query strings, as the real providers' do; the
        // request-start lines that would print them stay off whatever the log level (a log never holds a key or a phone).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddConsoleFormatter<SandboxLogFormatter, ConsoleFormatterOptions>();
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = SandboxLogFormatter.Name);

        builder.Services.AddSingleton<SimulatedTexts>();
        builder.Services.AddSingleton<RobaseReplays>();
        builder.Services.AddSingleton<IStartupFilter, SandboxMarkers>();
        builder.Services.AddDemoShop();
        builder.Services.AddSingleton(new SampleOrderDefaults(SandboxOrdersEndpoint.DefaultPhone));
        builder.Services.AddSingleton<SandboxStore>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SandboxStore>());
        builder.Services.AddHostedService<SandboxBanner>();
        return builder;
    }

    /// The sandbox's endpoints: the simulated providers, the demo shop and the sandbox's own. Nothing when it is off.
    public static WebApplication MapSandbox(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<SandboxMode>() is null)
        {
            return app;
        }

        RoboCallSimulator.Map(app);
        SmsSimulators.Map(app);
        SandboxEndpoints.Map(app);
        return app;
    }

    /// Defaults that make a verification take seconds, ranked above appsettings*.json and below the environment and the
    /// command line, so an operator can still change each. The sandbox keeps its own embedded database, so its demo
    /// stores and calls never meet a real run's.
    private static void AddDefaults(IConfigurationManager configuration)
    {
        var defaults = new MemoryConfigurationSource { InitialData = Defaults };
        var afterFiles = configuration.Sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is JsonConfigurationSource).index + 1;
        configuration.Sources.Insert(Math.Min(afterFiles, configuration.Sources.Count), defaults);
    }
}

/// Registered only while the sandbox is on; its presence is how the rest of the sandbox knows.
public sealed class SandboxMode;
