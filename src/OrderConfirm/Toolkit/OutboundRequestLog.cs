using OrderConfirm.Telemetry;
using Polly.Telemetry;

namespace OrderConfirm.Toolkit;

/// One warning line per outside request that failed in the end (after its retries): the host, the operation (method
/// and path, never the query: keys and phone numbers travel there), what happened and how long it took. No stack trace:
/// a refused connection or a 503 is the world, not a bug. The retries' own lines (Polly's telemetry, a warning with
/// the exception for every attempt) go down to Debug, so an outage costs a line per request instead of a screen of
/// frames per attempt. The caller still decides and logs what the failure leads to.
/// Every request is also measured (orderconfirm_provider_request_duration_seconds) under its provider: the
/// client's feature (robocall, robosmspk, …, shopify), a closed set because clients are named in code.
public sealed partial class OutboundRequestLog(string provider, OrderConfirmMetrics metrics, ILogger<OutboundRequestLog> logger, TimeProvider clock) : DelegatingHandler
{
    /// Every HTTP client of the service, outermost: it sees a request once, after its retries.
    public static IHostApplicationBuilder AddOutboundRequestLog(IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(services => new OutboundRequestLog(
            Provider(client.Name), services.GetRequiredService<OrderConfirmMetrics>(), services.GetRequiredService<ILogger<OutboundRequestLog>>(), services.GetRequiredService<TimeProvider>())));
        builder.Services.Configure<TelemetryOptions>(options => options.SeverityProvider = QuietRetries);
        return builder;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Log(request, $"HTTP {status}", started);
            }

            Measure(status switch { 429 => "http_429", >= 500 => "http_5xx", >= 400 => "http_4xx", _ => "ok" }, started);
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
            Measure(exception is OperationCanceledException or Polly.Timeout.TimeoutRejectedException ? "timeout" : "network", started);
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

    /// The provider label of a named client: the feature folder of a Refit client's interface
    /// (OrderConfirm.Sms.RoboSmsPk.IRoboSmsPkSendApi → robosmspk), or the client's own name, lower case.
    internal static string Provider(string clientName)
    {
        var refit = RefitClientFeature().Match(clientName);
        return (refit.Success ? refit.Groups[1].Value : clientName).ToLowerInvariant();
    }

    private void Measure(string outcome, long started) => metrics.ProviderRequest(provider, outcome, clock.GetElapsedTime(started));

    private void Log(HttpRequestMessage request, string outcome, long started)
        => LogFailed(logger, request.Method.Method, request.RequestUri?.Host ?? "?", PathShapes.Shape(request.RequestUri?.AbsolutePath), outcome, (long)clock.GetElapsedTime(started).TotalMilliseconds);

    [System.Text.RegularExpressions.GeneratedRegex(@"OrderConfirm\.(?:Sms\.)?(\w+)\.I\w+Api")]
    private static partial System.Text.RegularExpressions.Regex RefitClientFeature();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outside request failed: {Method} {Host}{Path}: {Outcome} after {ElapsedMs} ms")]
    private static partial void LogFailed(ILogger logger, string method, string host, string path, string outcome, long elapsedMs);
}
