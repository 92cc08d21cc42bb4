namespace OrderConfirm.Stores;

// Per-store overrides of the Verification:* defaults. Null means "use the default".
public sealed record StoreSettings
{
    public TimeSpan? CallDelay { get; init; }

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan? GiveUpAfter { get; init; }

    public string? CallingHours { get; init; }

    public string? TimeZone { get; init; }
}
