using Microsoft.Extensions.Options;
using OrderConfirm.RoboCall;
using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// The settings that govern one store's calls: its own overrides on top of the Verification:* and RoboCall:* defaults.
public sealed record CallPolicy(
    TimeSpan CallDelay,
    TimeSpan PollInterval,
    TimeSpan GiveUpAfter,
    CallingWindow Window,
    TimeZoneInfo Zone,
    string? VoiceId,
    string? ApiKey,
    NoAnswerRules NoAnswer)
{
    // Whose Robo Call key dials for the store: its own, the service's default (RoboCall:ApiKey), or none.
    public string KeySource(Store store)
        => !string.IsNullOrWhiteSpace(store.Secrets.RoboCallApiKey) ? "store" : ApiKey is null ? "none" : "default";

    // Polls start at the base interval and grow by half each time, up to ten times the base.
    public TimeSpan PollDelay(int pollsSoFar)
    {
        var factor = Math.Min(Math.Pow(1.5, Math.Max(0, pollsSoFar)), 10);
        return PollInterval * factor;
    }
}

public sealed class CallPolicies(IOptionsMonitor<VerificationOptions> verification, IOptionsMonitor<RoboCallOptions> roboCall)
{
    public CallPolicy For(Store store)
    {
        var defaults = verification.CurrentValue;
        var settings = store.Settings.Section<CallSettings>();
        var window = CallingWindow.TryParse(settings.CallingHours, out var own) ? own.Value
            : CallingWindow.TryParse(defaults.CallingHours, out var fallback) ? fallback.Value
            : new CallingWindow(TimeSpan.Zero, TimeSpan.FromHours(24));
        var zone = TimeZones.TryFind(settings.TimeZone, out var ownZone) ? ownZone
            : TimeZones.TryFind(defaults.TimeZone, out var defaultZone) ? defaultZone
            : TimeZoneInfo.Utc;

        return new CallPolicy(
            settings.CallDelay ?? defaults.CallDelay,
            settings.PollInterval ?? defaults.PollInterval,
            settings.GiveUpAfter ?? defaults.GiveUpAfter,
            window,
            zone,
            NullIfBlank(store.VoiceId) ?? NullIfBlank(defaults.VoiceId),
            NullIfBlank(store.Secrets.RoboCallApiKey) ?? NullIfBlank(roboCall.CurrentValue.ApiKey),
            new NoAnswerRules(
                settings.Reattempts ?? defaults.Reattempts,
                settings.ReattemptAfter ?? defaults.ReattemptAfter,
                settings.ReattemptOn ?? defaults.ReattemptOn ?? NoAnswerPolicies.Unanswered,
                NullIfBlank(settings.NoAnswerPolicy) ?? defaults.NoAnswerPolicy));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
