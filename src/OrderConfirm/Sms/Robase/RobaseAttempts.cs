namespace OrderConfirm.Sms.Robase;

/// What became of each attempt of one request (the retries happen below Refit, so the gateway only sees the last).
/// Only attempts that never left (no connection) make a failure "certainly not sent"; a 5xx after the retries is
/// unknown either way, and the count says whether some attempt also went unanswered.
public sealed class RobaseAttempts
{
    public const string Key = "OrderConfirm.Robase.Attempts";

    private int _answered;
    private int _neverLeft;
    private int _lost;

    public int Count => Volatile.Read(ref _answered) + Volatile.Read(ref _neverLeft) + Volatile.Read(ref _lost);

    /// Some attempt ended without an answer after it may have reached Robase.
    public bool AnyLost => Volatile.Read(ref _lost) > 0;

    /// Every attempt failed before a connection existed: nothing reached Robase.
    public bool NoneLeft => Volatile.Read(ref _neverLeft) > 0 && Volatile.Read(ref _answered) == 0 && Volatile.Read(ref _lost) == 0;

    internal void Answered() => Interlocked.Increment(ref _answered);

    internal void NeverLeft() => Interlocked.Increment(ref _neverLeft);

    internal void Lost() => Interlocked.Increment(ref _lost);

    public override string ToString() => $"{Count} attempts";
}

// Sits inside the retry (added after the resilience handler), so it sees every attempt and records how it ended.
internal sealed class RobaseAttemptHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<RobaseAttempts> OptionsKey = new(RobaseAttempts.Key);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(OptionsKey, out var attempts);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            attempts?.Answered();
            return response;
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // No connection, so no request bytes: Robase cannot have seen this attempt.
            attempts?.NeverLeft();
            throw;
        }
        catch
        {
            attempts?.Lost();
            throw;
        }
    }
}
