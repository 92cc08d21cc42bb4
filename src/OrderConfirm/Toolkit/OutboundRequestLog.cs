using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using OrderConfirm.Telemetry;
using Polly.Telemetry;

namespace OrderConfirm.Toolkit;

/// One warning line per outside request that failed in the end (after its retries): the host, the operation (method
/// and path, never the query: keys and phone numbers travel there), what happened and how long it took. No stack trace:
/// a refused connection or a 503 is the world, not a bug. The retries' own lines (Polly's telemetry, a warning with
/// the exception for every attempt) go down to Debug, so an outage costs a line per request instead of a screen of
/// frames per attempt, and OutboundFailureGate keeps a long outage to a few lines a minute per provider. The caller still
/// decides and logs what the failure leads to.
/// Every request is also measured (orderconfirm_provider_request_duration_seconds) under its provider: the
/// client's provider (OutboundProviders: robocall, robosms-pk, …, shopify-admin), a closed set named in code.
public sealed partial class OutboundRequestLog(string provider, OutboundFailureGate gate, OrderConfirmMetrics metrics, ILogger<OutboundRequestLog> logger, TimeProvider clock)
    : DelegatingHandler
{
    /// Every HTTP client of the service, outermost: it sees a request once, after its retries.
    public static IHostApplicationBuilder AddOutboundRequestLog(IHostApplicationBuilder builder)
    {
        // A builder filter rather than ConfigureHttpClientDefaults: only the handler builder knows the client's name.
        builder.Services.AddSingleton<IHttpMessageHandlerBuilderFilter, Outermost>();
        builder.Services.AddSingleton<OutboundFailureGate>();
        builder.Services.Configure<TelemetryOptions>(options => options.SeverityProvider = QuietRetries);
        return builder;
    }

    /// Puts the handler outside everything the client's own configuration added (its resilience handler included).
    private sealed class Outermost(IOptions<OutboundProviders> providers, OutboundFailureGate gate, OrderConfirmMetrics metrics, ILogger<OutboundRequestLog> logger, TimeProvider clock)
        : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => handlers =>
        {
            next(handlers);
            handlers.AdditionalHandlers.Insert(0, new OutboundRequestLog(providers.Value.LabelOf(handlers.Name), gate, metrics, logger, clock));
        };
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
            else if (gate.Answered(provider) is > 0 and var notLogged)
            {
                LogNotLoggedBeforeAnswer(logger, provider, notLogged);
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

    private void Measure(string outcome, long started) => metrics.ProviderRequest(provider, outcome, clock.GetElapsedTime(started));

    private void Log(HttpRequestMessage request, string outcome, long started)
    {
        var (own, notLogged) = gate.Failed(provider);
        if (notLogged > 0)
        {
            LogNotLogged(logger, provider, notLogged, (int)OutboundFailureGate.Window.TotalSeconds);
        }

        if (own)
        {
            LogOne(request, outcome, started);
        }
    }

    private void LogOne(HttpRequestMessage request, string outcome, long started)
        => LogFailed(logger, request.Method.Method, request.RequestUri?.Host ?? "?", PathShapes.Shape(request.RequestUri?.AbsolutePath), outcome, (long)clock.GetElapsedTime(started).TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outside requests to {Provider} failed {Count} more times in the last {WindowSeconds} s (not logged one by one)")]
    private static partial void LogNotLogged(ILogger logger, string provider, int count, int windowSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outside requests to {Provider} failed {Count} more times before it answered again (not logged one by one)")]
    private static partial void LogNotLoggedBeforeAnswer(ILogger logger, string provider, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outside request failed: {Method} {Host}{Path}: {Outcome} after {ElapsedMs} ms")]
    private static partial void LogFailed(ILogger logger, string method, string host, string path, string outcome, long elapsedMs);
}
