using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Sms.RoboSmsCom;

public sealed class RoboSmsComOptions
{
    public const string Section = "Sms:RoboSmsCom";

    // API root; the document shows https://robo-sms.com/api/ with the send endpoint sms/ below it.
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://robo-sms.com/api/";

    // Relative to BaseUrl. The document's URL ends in a slash (api/sms/), and frameworks that redirect a missing slash
    // turn a POST into a GET on the way, so the slash is kept.
    [Required]
    public string SendPath { get; set; } = "sms/";

    // The document shows no balance endpoint: empty means "not supported" and no request is made. Set it when the
    // account has one (a GET with the same Authorization header answering the credits left).
    public string? BalancePath { get; set; }

    // Sent as country_code with every number; our numbers are already E.164 (+92…), so it only tells the gateway the
    // country the number must be valid for.
    [Required]
    [RegularExpression("^[A-Z]{2}$")]
    public string CountryCode { get; set; } = "PK";

    // The account's phone that should send; empty leaves the choice to robo-sms.com and omits device_id.
    public string? DeviceId { get; set; }

    // How long a send may take before its outcome counts as unknown. The send is never retried.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // Per-attempt timeout of the balance read, which does retry.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
