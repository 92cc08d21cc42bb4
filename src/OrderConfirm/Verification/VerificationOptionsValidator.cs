using Microsoft.Extensions.Options;

namespace OrderConfirm.Verification;

public sealed class VerificationOptionsValidator : IValidateOptions<VerificationOptions>
{
    // The timeline is the merchant's record: a shorter period is a mistake, not a choice.
    private static readonly TimeSpan MinKeepTimelineFor = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, VerificationOptions options)
    {
        var errors = new List<string>();
        if (options.CallDelay < TimeSpan.Zero)
        {
            errors.Add("Verification:CallDelay must not be negative.");
        }

        if (options.RereadOrderAfter < TimeSpan.Zero || options.RereadOrderAfter > TimeSpan.FromHours(1))
        {
            errors.Add("Verification:RereadOrderAfter must be between 00:00:00 and 01:00:00.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("Verification:PollInterval must be positive.");
        }

        if (options.GiveUpAfter <= TimeSpan.Zero)
        {
            errors.Add("Verification:GiveUpAfter must be positive.");
        }

        if (options.MaxCallFailures is < 1 or > 50)
        {
            errors.Add("Verification:MaxCallFailures must be between 1 and 50.");
        }

        if (options.CallFailureRetryDelay <= TimeSpan.Zero || options.CallFailureRetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add("Verification:CallFailureRetryDelay must be positive and at most 01:00:00.");
        }

        if (!CallingWindow.TryParse(options.CallingHours, out _))
        {
            errors.Add($"Verification:CallingHours '{options.CallingHours}' is not a window like 09:00-21:00.");
        }

        if (!TimeZones.TryFind(options.TimeZone, out _))
        {
            errors.Add($"Verification:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        if (options.MaxWriteBackAttempts is < 1 or > 50)
        {
            errors.Add("Verification:MaxWriteBackAttempts must be between 1 and 50.");
        }

        if (options.Concurrency is < 1 or > 256 || options.PerStoreConcurrency is < 1 or > 256)
        {
            errors.Add("Verification:Concurrency and Verification:PerStoreConcurrency must be between 1 and 256.");
        }
        else if (options.PerStoreConcurrency > options.Concurrency)
        {
            errors.Add("Verification:PerStoreConcurrency must not be larger than Verification:Concurrency.");
        }

        if (options.WriteBackLease < TimeSpan.FromSeconds(1) || options.WriteBackLease > TimeSpan.FromHours(1))
        {
            errors.Add("Verification:WriteBackLease must be between 00:00:01 and 01:00:00.");
        }

        if (options.RetainPersonalDataFor < TimeSpan.FromSeconds(1) || options.RetainPersonalDataFor > TimeSpan.FromDays(3650))
        {
            errors.Add("Verification:RetainPersonalDataFor must be between 00:00:01 and 3650.00:00:00.");
        }

        if (options.KeepTimelineFor is { } keep && (keep < MinKeepTimelineFor || keep > TimeSpan.FromDays(3650)))
        {
            errors.Add("Verification:KeepTimelineFor must be between 30.00:00:00 and 3650.00:00:00.");
        }
        else if (options.KeepTimelineFor is { } kept && kept < options.RetainPersonalDataFor)
        {
            errors.Add("Verification:KeepTimelineFor must be at least Verification:RetainPersonalDataFor: the erasure writes on the timeline.");
        }

        if (options.Reattempts is < 0 or > NoAnswerRules.MaxReattempts)
        {
            errors.Add($"Verification:Reattempts must be between 0 and {NoAnswerRules.MaxReattempts}.");
        }

        if (options.ReattemptAfter < NoAnswerRules.MinReattemptAfter || options.ReattemptAfter > NoAnswerRules.MaxReattemptAfter)
        {
            errors.Add("Verification:ReattemptAfter must be between 00:00:01 and 2.00:00:00.");
        }

        if (options.ReattemptOn is { } on && (on.Length == 0 || on.Any(o => !NoAnswerRules.Unanswered.Contains(o))))
        {
            errors.Add("Verification:ReattemptOn must list one or both of unreachable, no-input (callback is an answer, never re-attempted).");
        }

        if (!NoAnswerRules.Policies.Contains(options.NoAnswerPolicy))
        {
            errors.Add($"Verification:NoAnswerPolicy must be one of: {string.Join(", ", NoAnswerRules.Policies)}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
