using Polly.Telemetry;

namespace OrderConfirm.Toolkit;

/// One warning line per outside request that failed in the end (after its retries): the host, the operation (method
/// and path, never the query: keys and phone numbers travel there), what happened and how long it took. No stack trace:
/// a refused connection or a 503 is the world, not a bug. The retries' own lines (Polly's telemetry, a warning with
/// the exception for every attempt) go down to Debug, so an outage costs a line per request instead of a screen of
/// frames per attempt. The caller still decides and logs what the failure leads to.
public sealed partial class OutboundRequestLog(ILogger<OutboundRequestLog> logger, TimeProvider clock) : DelegatingHandler
{
    /// Every HTTP client of the service, outermost: it sees a request once, after its retries.
    public static IHostApplicationBuilder AddOutboundRequestLog(IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(
            provider => new OutboundRequestLog(provider.GetRequiredService<ILogger<OutboundRequestLog>>(), provider.GetRequiredService<TimeProvider>())));
        builder.Services.Configure<TelemetryOptions>(options => options.SeverityProvider = QuietRetries);
        return builder;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Log(request, $"HTTP {(int)response.StatusCode}", started);
            }

            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (shutdown, its own deadline): not the provider's failure.
            throw;
        }
        catch (Exception exception)
        {
            Log(request, Describe(exception), started);
            throw;
        }
    }

    // Only types and the transport error kind: an exception's message can quote the request URL.
    internal static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => $"{http.GetType().Name}: {http.HttpRequestError}",
        OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "timed out",
        { InnerException: HttpRequestException inner } => $"{exception.GetType().Name}: {inner.HttpRequestError}",
        _ => exception.GetType().Name,
    };

    // A retry or a failed attempt is logged by this handler once the request has failed for good, or not at all when a
    // retry carried it; every other resilience event keeps Polly's own severity.
    private static ResilienceEventSeverity QuietRetries(SeverityProviderArguments args)
        => args.Event.EventName is "OnRetry" or "ExecutionAttempt" or "OnTimeout" ? ResilienceEventSeverity.Debug : args.Event.Severity;

    // The path's shape only: a segment with a digit or longer than 16 characters becomes *, because a store's own
    // URL (a custom shop's result webhook) may carry a token in its path, as chat webhooks do.
    internal static string Shape(string path)
        => string.Join('/', path.Split('/').Select(s => s.Length > 16 || s.Any(char.IsDigit) ? "*" : s));

    private void Log(HttpRequestMessage request, string outcome, long started)
        => LogFailed(logger, request.Method.Method, request.RequestUri?.Host ?? "?", Shape(request.RequestUri?.AbsolutePath ?? ""), outcome, (long)clock.GetElapsedTime(started).TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outside request failed: {Method} {Host}{Path}: {Outcome} after {ElapsedMs} ms")]
    private static partial void LogFailed(ILogger logger, string method, string host, string path, string outcome, long elapsedMs);
}
