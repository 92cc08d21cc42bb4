using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Sms.Robase;

public sealed class RobaseOptions
{
    public const string Section = "Sms:Robase";

    // API root; the endpoints sms, sms/batch, sms/{id} and sms/{id}/cancel sit below it.
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.robase.dev/v1";

    // Robase's send page says "see Idempotency" without naming the header. Idempotency-Key is the IETF draft's and
    // Stripe's spelling; if Robase turns out to use another name, this is configuration, not code.
    [Required]
    [RegularExpression("^[A-Za-z0-9-]+$")]
    public string IdempotencyHeader { get; set; } = "Idempotency-Key";

    // Sent as "country" on every send: our numbers are Pakistani, so Robase need not guess from the dial code.
    [Required]
    [RegularExpression("^[A-Z]{2}$")]
    public string Country { get; set; } = "PK";

    // Per-attempt timeout. A send that times out on every attempt is an unknown outcome.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // First wait before a failed request is sent again (same idempotency key); it doubles per retry, with jitter.
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(0, 6)]
    public int MaxRetries { get; set; } = 3;

    // The longest Retry-After still waited out inside the request; a longer one comes back as RateLimited with it.
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    // All attempts of one request together; hitting it is an unknown outcome for a send.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    // Robase documents no balance endpoint (a 402 sms_quota_exceeded on send is how an empty wallet shows). If one
    // exists for an account, its path below BaseUrl (e.g. "account/balance") goes here; empty = no balance reads.
    [RegularExpression("^[A-Za-z0-9_./-]*$")]
    public string? BalancePath { get; set; }
}
