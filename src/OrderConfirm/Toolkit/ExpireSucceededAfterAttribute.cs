using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace OrderConfirm.Toolkit;

/// Recurring housekeeping runs every few seconds; keeping each success for Hangfire's default day would bury the
/// jobs merchants care about in the dashboard.
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExpireSucceededAfterAttribute(int minutes) : JobFilterAttribute, IApplyStateFilter
{
    public int Minutes { get; } = minutes;

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.NewState is SucceededState)
        {
            context.JobExpirationTimeout = TimeSpan.FromMinutes(Minutes);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
