namespace OrderConfirm.Verification;

// Defaults for every store; a store's own settings override them (see StoreSettings).
public sealed class VerificationOptions
{
    public const string Section = "Verification";

    public TimeSpan CallDelay { get; set; } = TimeSpan.FromMinutes(2);

    // A first dial within this time of the order's intake is placed on the webhook's word (and the later webhooks',
    // which the dial claim enforces) without re-reading the order in the shop; a later one re-reads it. Zero: always.
    public TimeSpan RereadOrderAfter { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(4);

    public string CallingHours { get; set; } = "09:00-21:00";

    public string TimeZone { get; set; } = "Asia/Karachi";

    // Robo Call voice used when a store has none of its own.
    public string? VoiceId { get; set; }

    // PlaceCall runs that may fail before the dial (database, shop, a bug) before the verification is handed to a person.
    public int MaxCallFailures { get; set; } = 5;

    // First delay after such a failure; it doubles with each one, up to 30 minutes.
    public TimeSpan CallFailureRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    // Write-back attempts before the verification is handed to a person.
    public int MaxWriteBackAttempts { get; set; } = 6;

    // How long a finished verification keeps the customer's phone and name; then the retention job erases them and
    // only the outcome, the order name and the timeline remain.
    public TimeSpan RetainPersonalDataFor { get; set; } = TimeSpan.FromDays(30);

    // How long a finished verification keeps its timeline, the merchant's record of what happened; then it is deleted
    // whole (PruneFinishedVerificationsJob). At least RetainPersonalDataFor, so the erasure's entry is never the only one.
    // Unset: 180 days, or RetainPersonalDataFor when that is longer, so a service that keeps personal data longer
    // still starts after the upgrade.
    public TimeSpan? KeepTimelineFor { get; set; }

    public TimeSpan TimelineKeptFor => KeepTimelineFor ?? (RetainPersonalDataFor > DefaultKeepTimelineFor ? RetainPersonalDataFor : DefaultKeepTimelineFor);

    private static TimeSpan DefaultKeepTimelineFor => TimeSpan.FromDays(180);

    // First delay between write-back attempts; it doubles with each failure.
    public TimeSpan WriteBackRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    // How long a write-back run may go without renewing its turn (it renews before each request to the shop) before
    // another run may take over: longer than any one shop request with its retries, short enough that a worker that
    // died mid-write-back delays the next outcome only this long.
    public TimeSpan WriteBackLease { get; set; } = TimeSpan.FromMinutes(5);

    // Extra dials after the first when a call ends in one of ReattemptOn; 0 turns re-attempts off.
    public int Reattempts { get; set; } = 2;

    // Wait after an unanswered attempt before the next one, moved into the calling hours.
    public TimeSpan ReattemptAfter { get; set; } = TimeSpan.FromHours(3);

    // Null means unreachable and no-input. Not a list with defaults: the configuration binder appends to those.
    public string[]? ReattemptOn { get; set; }

    // Dials, and separately write-backs, one instance runs at once across all stores (DueStepRunner).
    public int Concurrency { get; set; } = 64;

    // Dials, and separately write-backs, of one store one instance runs at once: a slow shop or a store with a sale
    // fills at most this many of the Concurrency slots, and the other stores' orders take the rest.
    public int PerStoreConcurrency { get; set; } = 32;

    // What happens when the last attempt went unanswered: hold, cancel or confirm (NoAnswerRules).
    public string NoAnswerPolicy { get; set; } = NoAnswerRules.Hold;
}
