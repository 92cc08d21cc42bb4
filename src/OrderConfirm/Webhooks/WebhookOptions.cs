using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Webhooks;

public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    // Wait after the first failed attempt of a delivery; each further failure doubles it, up to MaxRetryDelay.
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    // Failed attempts before a delivery is marked failed (body kept, replayable). With the defaults the last attempt
    // comes about 8 hours after the first, long enough to ride out an encryption-key rotation done in steps.
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 15;

    // A claim not refreshed for this long belongs to a processor that died; a live processor refreshes its claim
    // (heartbeat) every quarter of it.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan HeartbeatInterval => ClaimTimeout / 4;

    // An applied delivery (its body is already gone) is kept this long, to recognise a shop's retry of it and for the
    // operator's look back, then deleted. At least 2 days: Shopify retries a delivery for 48 hours.
    [Range(typeof(TimeSpan), "2.00:00:00", "365.00:00:00")]
    public TimeSpan KeepAppliedFor { get; set; } = TimeSpan.FromDays(7);

    // Deliveries one processor applies at once, across all stores.
    [Range(1, 256)]
    public int Concurrency { get; set; } = 32;

    // Deliveries of one store applied at once: each may send a request to the store's shop, so this bounds what one
    // processor asks of one shop at a time (Shopify's cost bucket and WooCommerce hosts' 429s still apply on top).
    [Range(1, 256)]
    public int PerStoreConcurrency { get; set; } = 16;

    /// The wait before the next attempt after the given number of failed attempts (1 = the first failure).
    public TimeSpan DelayAfter(int failedAttempts)
    {
        // In ticks as a double, so a long doubling cannot overflow TimeSpan before the cap applies.
        var ticks = RetryDelay.Ticks * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 62));
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < RetryDelay)
        {
            yield return new ValidationResult("Webhooks:MaxRetryDelay must not be shorter than Webhooks:RetryDelay.", [nameof(MaxRetryDelay)]);
        }

        if (PerStoreConcurrency > Concurrency)
        {
            yield return new ValidationResult("Webhooks:PerStoreConcurrency must not be larger than Webhooks:Concurrency.", [nameof(PerStoreConcurrency)]);
        }
    }
}
