namespace OrderConfirm.RoboCall;

public enum DialRefusal
{
    // Robo Call rejected the API key (401/403).
    InvalidKey,

    // The account has no balance left (402).
    OutOfBalance,

    // Too many requests (429); try again after the given delay.
    RateLimited,

    // Robo Call rejected the request's parameters or the endpoint does not exist (400/404/422).
    BadRequest,

    // The request never left this machine (DNS, refused connection, TLS handshake); nobody was called.
    NotSent,
}

public abstract record DialResult
{
    private DialResult()
    {
    }

    public sealed record Placed(string CallId) : DialResult;

    // Robo Call certainly did not place the call.
    public sealed record NotPlaced(DialRefusal Refusal, string Detail, TimeSpan? RetryAfter = null) : DialResult;

    // The call may or may not have been placed: never dial again automatically.
    public sealed record Unknown(string Detail) : DialResult;
}

public abstract record CallStatusResult
{
    private CallStatusResult()
    {
    }

    public sealed record Status(int CallStatus, int? Dtmf, int? Retry) : CallStatusResult;

    public sealed record NotFound(string Detail) : CallStatusResult;

    public sealed record InvalidKey(string Detail) : CallStatusResult;

    // A transient problem (network, 5xx after retries, unreadable body): read again at the next poll.
    public sealed record Unavailable(string Detail) : CallStatusResult;
}

public sealed record BalanceResult(bool Succeeded, decimal? Balance, decimal? CallRate, string Detail)
{
    public bool CanAffordACall => Succeeded && Balance is { } balance && balance > 0 && balance >= (CallRate ?? 0);
}
