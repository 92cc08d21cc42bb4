using System.Diagnostics;

namespace OrderConfirm.Telemetry;

/// The service's own spans. One order's trace starts at its webhook; the work done later for it (processing the
/// delivery, the dial, each poll, the write-back) continues that trace from the context stored with it, so a trace
/// viewer shows the order from webhook to write-back however many jobs and instances it crossed.
public static class OrderTraces
{
    public const string SourceName = "OrderConfirm";

    /// The tag of a Hangfire job's run (Hosting/JobSpans), copied onto the order's spans it carries.
    public const string JobIdTag = "hangfire.job_id";

    public static readonly ActivitySource Source = new(SourceName);

    /// The current trace context as a W3C traceparent, to store with the work it leads to; null outside a trace.
    public static string? Current() => Activity.Current is { } activity && activity.Recorded ? activity.Id : null;

    /// Starts a span for work done on an order, continuing the trace whose context was stored with it (when there is
    /// one and it parses), linked to the span it runs in (a Hangfire job's run, whose id it copies). Tags are ids and
    /// closed sets only.
    public static Activity? Start(string name, string? storedParent, params (string Key, object? Value)[] tags)
    {
        var around = Activity.Current;
        if (!ActivityContext.TryParse(storedParent, null, out var parent))
        {
            parent = around?.Context ?? default;
        }

        ActivityLink[]? links = around is not null && around.Context != parent ? [new ActivityLink(around.Context)] : null;
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent, links: links);
        if (around?.GetTagItem(JobIdTag) is { } jobId)
        {
            activity?.SetTag(JobIdTag, jobId);
        }

        foreach (var (key, value) in tags)
        {
            activity?.SetTag(key, value);
        }

        return activity;
    }
}
