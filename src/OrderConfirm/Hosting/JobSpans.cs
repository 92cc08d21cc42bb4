using System.Diagnostics;
using Hangfire.Server;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Hosting;

/// A span around every Hangfire job run, tagged with the job's id, so the per-order spans the job starts (dial, poll,
/// write-back: OrderTraces) link to the run that did the work. The job's type and method name the span; its arguments
/// (ids only) and display name stay out.
public sealed class JobSpans : IServerFilter
{
    private const string SpanKey = "orderconfirm.span";

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        var span = OrderTraces.Source.StartActivity($"job {job.Type.Name}.{job.Method.Name}", ActivityKind.Internal, parentContext: default);
        span?.SetTag(OrderTraces.JobIdTag, context.BackgroundJob.Id);
        context.Items[SpanKey] = span;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(SpanKey, out var value) && value is Activity span)
        {
            if (context.Exception is { } exception && !context.ExceptionHandled)
            {
                // The type only: a message can carry a URL or a number.
                span.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            }

            span.Dispose();
        }
    }
}
