using Refit;

namespace OrderConfirm.Sms.RoboSmsPk;

// Reading endpoints: safe to repeat, so their client retries with jittered backoff and honours Retry-After.
public interface IRoboSmsPkApi
{
    // path: RoboSmsPkOptions.BalancePath.
    [Get("/{**path}")]
    Task<HttpResponseMessage> GetBalanceAsync(string path, [AliasAs("api_key")] string apiKey, CancellationToken cancellationToken);
}
