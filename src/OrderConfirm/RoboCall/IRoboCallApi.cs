using Refit;

namespace OrderConfirm.RoboCall;

// Reading endpoints: safe to repeat, so their client retries with jittered backoff and honours Retry-After.
public interface IRoboCallApi
{
    [Get("/get_call")]
    Task<IApiResponse<CallStatusResponse>> GetCallAsync([AliasAs("api_key")] string apiKey, [AliasAs("call_id")] string callId, CancellationToken cancellationToken);

    [Get("/check_balance")]
    Task<IApiResponse<BalanceResponse>> CheckBalanceAsync([AliasAs("api_key")] string apiKey, CancellationToken cancellationToken);

    [Get("/user_verify")]
    Task<IApiResponse<VerifyKeyResponse>> VerifyKeyAsync([AliasAs("api_key")] string apiKey, CancellationToken cancellationToken);
}
