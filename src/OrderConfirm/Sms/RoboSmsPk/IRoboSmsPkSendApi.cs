using Refit;

namespace OrderConfirm.Sms.RoboSmsPk;

// The one request that sends an SMS (to one number or to a comma-separated list). Its HttpClient has a timeout and
// nothing else, and SendOnceGuard keeps the connection pool from re-sending it: Robo SMS takes no idempotency key, so
// a second request is a second SMS. The raw HttpResponseMessage is returned because the answer's shape is not
// documented: the gateway reads status, headers and body itself, for errors as well as successes.
public interface IRoboSmsPkSendApi
{
    // path: RoboSmsPkOptions.SendPath (the vendor documents no path, so it is configuration).
    [Get("/{**path}")]
    Task<HttpResponseMessage> SendAsync(
        string path,
        [AliasAs("api_key")] string apiKey,
        [AliasAs("to")] string recipients,
        [AliasAs("message")] string message,
        [AliasAs("from")] string? from,
        [AliasAs("type")] string type,
        [AliasAs("unicode")] int unicode,
        CancellationToken cancellationToken);
}
