namespace OrderConfirm.ConfirmLinks;

public sealed class ConfirmLinkOptions
{
    public const string Section = "Links";

    // How long a link answers after it was created.
    public TimeSpan ValidFor { get; set; } = TimeSpan.FromHours(48);

    // Requests per client IP and window on /c/*: the page is public, so guessing and scraping must stay expensive.
    public int RateLimitPermits { get; set; } = 20;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
