namespace OrderConfirm.ConfirmLinks;

public sealed class ConfirmLinkOptions
{
    public const string Section = "Links";

    // How long a link answers after it was created.
    public TimeSpan ValidFor { get; set; } = TimeSpan.FromHours(48);

    // Requests to /c/* per client address and window. Generous: a mobile carrier's NAT puts many customers behind one
    // address, and so does an ingress that is not named in ForwardedHeaders. Guessing stays expensive anyway: a forged
    // token is refused by its signature, and each real link has a limit of its own (TokenRateLimitPermits).
    public int RateLimitPermits { get; set; } = 300;

    // Requests per link and window, from whatever address: a few answers' worth (the page and its answer are two).
    public int TokenRateLimitPermits { get; set; } = 10;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
