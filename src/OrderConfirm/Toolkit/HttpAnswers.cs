using Refit;

namespace OrderConfirm.Toolkit;

/// What every outbound client reads the same way from an answer or a failed request.
public static class HttpAnswers
{
    /// Retry-After as a wait: its delta, or the time until its date (negative once that date has passed).
    public static TimeSpan? RetryAfter(IApiResponse response)
    {
        var header = response.Headers?.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    /// Only the exception type and the transport error kind: an exception message can carry the request URL, and with
    /// it a key or a phone number.
    public static string Describe(ApiRequestException exception) => exception.InnerException switch
    {
        HttpRequestException http => $"{nameof(HttpRequestException)}: {http.HttpRequestError}",
        { } inner => inner.GetType().Name,
        null => exception.GetType().Name,
    };
}
