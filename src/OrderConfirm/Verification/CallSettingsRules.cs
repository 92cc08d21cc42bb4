using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

/// Checks a store's call settings as a client sends them; "" for the calling hours, time zone or no-answer policy means
/// back to the default, so it passes.
public sealed class CallSettingsRules : IStoreSettingsRules
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxGiveUp = TimeSpan.FromDays(7);

    public object Section(StoreSettings settings) => settings.Section<CallSettings>();

    public void Validate(StoreSettings requested, StoreErrors errors)
    {
        if (!requested.TryRead<CallSettings>(errors, out var settings))
        {
            return;
        }

        if (settings.CallDelay is { } delay && (delay < TimeSpan.Zero || delay > MaxDelay))
        {
            errors.Add("settings.callDelay", "The call delay must be between 00:00:00 and 1.00:00:00.");
        }

        if (settings.PollInterval is { } poll && (poll < TimeSpan.FromSeconds(5) || poll > TimeSpan.FromHours(1)))
        {
            errors.Add("settings.pollInterval", "The poll interval must be between 00:00:05 and 01:00:00.");
        }

        if (settings.GiveUpAfter is { } giveUp && (giveUp <= TimeSpan.Zero || giveUp > MaxGiveUp))
        {
            errors.Add("settings.giveUpAfter", "Give-up must be after 00:00:00 and at most 7.00:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(settings.CallingHours) && !CallingWindow.TryParse(settings.CallingHours, out _))
        {
            errors.Add("settings.callingHours", "Calling hours must look like 09:00-21:00 (00:00-24:00 = always; 21:00-02:00 crosses midnight).");
        }

        if (!string.IsNullOrWhiteSpace(settings.TimeZone) && !TimeZones.TryFind(settings.TimeZone, out _))
        {
            errors.Add("settings.timeZone", "Unknown time zone; use an IANA id such as Asia/Karachi.");
        }

        ValidateNoAnswer(settings, errors);

        if (settings.MinAmount is < 0 || settings.MaxAmount is < 0 || (settings.MinAmount is { } min && settings.MaxAmount is { } max && min > max))
        {
            errors.Add("settings.minAmount", "Amounts must not be negative, and minAmount must not exceed maxAmount.");
        }
    }

    private static void ValidateNoAnswer(CallSettings settings, StoreErrors errors)
    {
        if (settings.Reattempts is < 0 or > NoAnswerRules.MaxReattempts)
        {
            errors.Add("settings.reattempts", $"Re-attempts must be between 0 and {NoAnswerRules.MaxReattempts} (extra calls after the first).");
        }

        if (settings.ReattemptAfter is { } after && (after < NoAnswerRules.MinReattemptAfter || after > NoAnswerRules.MaxReattemptAfter))
        {
            errors.Add("settings.reattemptAfter", "The wait before a re-attempt must be between 00:00:01 and 2.00:00:00.");
        }

        if (settings.ReattemptOn is { } on)
        {
            if (on.Contains(VerificationStatus.Callback))
            {
                errors.Add("settings.reattemptOn", "callback is never re-attempted: the customer answered and asked the shop to call them.");
            }
            else if (on.Count == 0 || on.Any(o => !NoAnswerRules.Unanswered.Contains(o)))
            {
                errors.Add("settings.reattemptOn", $"List one or both of: {string.Join(", ", NoAnswerRules.Unanswered)}.");
            }
        }

        if (settings.NoAnswerPolicy is { Length: > 0 } policy && !NoAnswerRules.Policies.Contains(policy))
        {
            errors.Add("settings.noAnswerPolicy", $"Use one of: {string.Join(", ", NoAnswerRules.Policies)}.");
        }
    }
}
