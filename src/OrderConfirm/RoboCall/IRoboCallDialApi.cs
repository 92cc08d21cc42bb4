using Refit;

namespace OrderConfirm.RoboCall;

// The one request that places a call. Its HttpClient has a timeout and nothing else: no retry, no hedging, because
// Robo Call takes no idempotency key and a second request is a second phone call.
public interface IRoboCallDialApi
{
    [Get("/calls")]
    Task<IApiResponse<PlaceCallResponse>> PlaceCallAsync(
        [AliasAs("api_key")] string apiKey,
        [AliasAs("caller_id")] string callerId,
        [AliasAs("amount")] long amount,
        [AliasAs("voice_id")] string voiceId,
        [AliasAs("text1")] string text1,
        [AliasAs("text2")] string text2,
        CancellationToken cancellationToken);
}
