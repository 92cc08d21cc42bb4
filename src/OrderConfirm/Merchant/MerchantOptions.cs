namespace OrderConfirm.Merchant;

/// The merchant pages' session and login limits (section "Merchant").
public sealed class MerchantOptions
{
    public const string Section = "Merchant";

    /// Send the session cookie over HTTPS only. Null: yes outside Development. Only a deployment reached over plain
    /// HTTP on a trusted network (the integration tests on 127.0.0.1) sets it to false.
    public bool? SecureCookie { get; set; }

    /// How long a session lasts without a request; each request moves it on (sliding).
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// Login attempts one client address may make per LoginWindow; more are answered 429.
    public int LoginPermits { get; set; } = 10;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// Seconds between the orders page's refreshes while it is open.
    public int RefreshSeconds { get; set; } = 5;
}
