using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.RoboCall;

public sealed class RoboCallOptions
{
    public const string Section = "RoboCall";

    // API root; the endpoints calls, get_call, check_balance and user_verify sit below it. The vendor's documents
    // show both /api/ and /api/v1/, so this is configuration, not code.
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://portal.robocall.pk/api/";

    // Key for stores that have none of their own.
    public string? ApiKey { get; set; }

    // How long a dial may take before its outcome counts as unknown. The dial is never retried.
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // Per-attempt timeout of the reading endpoints (get_call, check_balance, user_verify), which do retry.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // Robo Call's own automatic retries of an unanswered call (3 in its documentation); after the last one a
    // busy / no-answer / congestion / hangup status is final.
    [Range(0, 10)]
    public int CallRetries { get; set; } = 3;

    // Status reads in flight at once while polling. The dialler places up to Verification:Concurrency calls at once,
    // each read three times or so: with 4 at a time the reads of a burst fell behind its dials by minutes.
    [Range(1, 64)]
    public int MaxParallelPolls { get; set; } = 16;

    [Range(1, 1000)]
    public int PollBatchSize { get; set; } = 100;

    // After Robo Call answered 402, dialing with that key waits this long before it is tried again.
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OutOfBalancePause { get; set; } = TimeSpan.FromMinutes(15);

    // While a key is paused for lack of balance, check_balance is asked at most this often whether it has credit again.
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BalanceRecheck { get; set; } = TimeSpan.FromMinutes(10);

    // First wait before a failed status read is sent again; it doubles with each retry (with jitter).
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
