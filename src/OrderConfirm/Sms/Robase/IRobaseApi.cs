using System.Text.Json;
using Refit;

namespace OrderConfirm.Sms.Robase;

// Every Robase request may be repeated: sends and batch rows carry an idempotency key (the same one on every retry),
// reads and cancels change nothing when repeated. So one client with retries serves them all.
public interface IRobaseApi
{
    [Post("/sms")]
    Task<IApiResponse<RobaseSms>> SendAsync(
        [Authorize("Bearer")] string apiKey,
        [HeaderCollection] IDictionary<string, string> headers,
        [Body] RobaseSendRequest request,
        [Property(RobaseAttempts.Key)] RobaseAttempts attempts,
        CancellationToken cancellationToken);

    [Post("/sms/batch")]
    Task<IApiResponse<RobaseBatchResponse>> SendBatchAsync(
        [Authorize("Bearer")] string apiKey,
        [Body] RobaseBatchRequest request,
        [Property(RobaseAttempts.Key)] RobaseAttempts attempts,
        CancellationToken cancellationToken);

    [Get("/sms/{id}")]
    Task<IApiResponse<RobaseSms>> GetAsync([Authorize("Bearer")] string apiKey, string id, CancellationToken cancellationToken);

    [Post("/sms/{id}/cancel")]
    Task<IApiResponse<RobaseSms>> CancelAsync([Authorize("Bearer")] string apiKey, string id, CancellationToken cancellationToken);

    // Only when Sms:Robase:BalancePath is configured: the documents show no balance endpoint.
    [Get("/{**path}")]
    Task<IApiResponse<JsonElement>> GetBalanceAsync([Authorize("Bearer")] string apiKey, string path, CancellationToken cancellationToken);
}
