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

    // Why the store cannot place a call, by the store field that would fix it; empty when it can.
    public IReadOnlyDictionary<string, string> WhyNoCall()
    {
        var why = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ApiKey is null)
        {
            why["roboCall.apiKey"] = "The store cannot place calls without a Robo Call API key: give it one here (the service has no default RoboCall:ApiKey).";
        }

        if (VoiceId is null)
        {
            why["roboCall.voiceId"] = "The store cannot place calls without a voice: give the id of its recorded Robo Call voice here (the service has no default Verification:VoiceId).";
        }

        return why;
    }

    // Polls start at the base interval and grow by half each time, up to ten times the base.
    public TimeSpan PollDelay(int pollsSoFar)
    {
        var factor = Math.Min(Math.Pow(1.5, Math.Max(0, pollsSoFar)), 10);
        return PollInterval * factor;
    }
}
