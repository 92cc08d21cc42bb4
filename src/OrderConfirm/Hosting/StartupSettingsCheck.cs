using Microsoft.Extensions.Options;

namespace OrderConfirm.Hosting;

/// Checks every validated setting at once, before the first middleware is built: building the pipeline resolves some
/// options early (antiforgery → data protection → Encryption:Key), and each failure found that way stopped the start
/// alone, so an operator learnt of one missing setting per run. Now one message lists them all.
public static class StartupSettingsCheck
{
    public static void CheckSettingsTogether(this WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = Failures(e).Distinct(StringComparer.Ordinal).ToList();
            throw new OptionsValidationException(
                "settings",
                typeof(object),
                [$"The service cannot start: {failures.Count} setting(s) are missing or invalid:\n" + string.Join("\n", failures.Select(f => $"  - {f}"))]);
        }
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        OptionsValidationException options => options.Failures,
        _ => [e.Message],
    };
}
