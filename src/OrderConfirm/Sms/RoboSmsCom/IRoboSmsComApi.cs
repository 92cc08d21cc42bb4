using Refit;

namespace OrderConfirm.Sms.RoboSmsCom;

// The send. Its HttpClient has a timeout and nothing else: robo-sms.com takes no idempotency key, so a second request
// is a second SMS. The body is a SendOnceContent (exact bytes, exactly "application/json", a Content-Length, and it knows
// whether it started to go out). Answers are read as text and parsed leniently by the gateway: the document shows no response bodies.
public interface IRoboSmsComSendApi
{
    [Post("/{**path}")]
    Task<IApiResponse<string>> SendAsync(string path, [Authorize("Basic")] string token, [Body] HttpContent body, CancellationToken cancellationToken);
}

// Reads (the optional balance endpoint): safe to repeat, so this client retries.
public interface IRoboSmsComReadApi
{
    [Get("/{**path}")]
    Task<IApiResponse<string>> GetAsync(string path, [Authorize("Basic")] string token, CancellationToken cancellationToken);
}
