using Microsoft.Extensions.Options;
using OrderConfirm.RoboCall;
using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// Resolves a store's CallPolicy: its own settings first, then the Verification:* and RoboCall:* defaults.
public sealed class CallPolicyResolver(IOptionsMonitor<VerificationOptions> verification, IOptionsMonitor<RoboCallOptions> roboCall)
{
    public CallPolicy For(Store store)
    {
        var defaults = verification.CurrentValue;
        var settings = store.Settings.Section<CallSettings>();
        var window = CallingWindow.TryParse(settings.CallingHours, out var own) ? own.Value
            : CallingWindow.TryParse(defaults.CallingHours, out var fallback) ? fallback.Value
            : new CallingWindow(TimeSpan.Zero, TimeSpan.FromHours(24));
        var zone = ZoneOf(store.Settings);

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
                settings.ReattemptOn ?? defaults.ReattemptOn ?? NoAnswerRules.Unanswered,
                NullIfBlank(settings.NoAnswerPolicy) ?? defaults.NoAnswerPolicy));
    }

    // The store's own zone, else Verification:TimeZone, else UTC. Settings only: a time in a sentence needs no secret.
    public TimeZoneInfo ZoneOf(StoreSettings settings)
        => TimeZones.TryFind(settings.Section<CallSettings>().TimeZone, out var ownZone) ? ownZone
            : TimeZones.TryFind(verification.CurrentValue.TimeZone, out var defaultZone) ? defaultZone
            : TimeZoneInfo.Utc;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
