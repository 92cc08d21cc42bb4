using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.Dashboard;

namespace OrderConfirm.Verification;

// Job names such as "Call customer for #1001 · Lahore Lawn", "… (attempt 2 of 3)" or "Text customer for #1001 · Lahore Lawn (fallback)". Jobs only carry the verification id (the dashboard shows
// arguments); the readable part is looked up when the dashboard renders the name.
[AttributeUsage(AttributeTargets.Method)]
public sealed class VerificationJobNameAttribute(string action) : JobDisplayNameAttribute(action)
{
    // Call jobs: re-attempts say which attempt the verification is at, read from the row like the rest of the name.
    public bool ShowsAttempt { get; init; }

    public override string Format(DashboardContext context, Job job)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        if (job.Args.Count == 0 || job.Args[0] is null)
        {
            return DisplayName;
        }

        var id = Convert.ToInt64(job.Args[0], CultureInfo.InvariantCulture);
        var labels = context.GetHttpContext().RequestServices.GetService<VerificationLabels>();
        // A second argument that is a word names what the job does for it, e.g. the SMS event: "(fallback)".
        var what = job.Args.Count > 1 && job.Args[1] is string detail ? $" ({detail})"
            : ShowsAttempt && labels?.AttemptOf(id) is { } attempt ? $" ({attempt})"
            : "";
        return $"{DisplayName} {labels?.For(id) ?? $"verification {id}"}{what}";
    }
}
