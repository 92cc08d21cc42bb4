using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Verification;

// Recurring: a finished verification needs the customer's phone and name only for a while (a redial, a question
// from the merchant); after Verification:RetainPersonalDataFor they are erased. The outcome, the order name and the
// timeline stay for the merchant's records. Failed webhook deliveries kept for a replay lose their bodies too.
public sealed partial class PersonalDataRetentionJob(
    VerificationRepository verifications,
    WebhookDeliveries deliveries,
    IOptionsMonitor<VerificationOptions> options,
    TimeProvider clock,
    ILogger<PersonalDataRetentionJob> logger)
{
    private const int BatchSize = 500;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Erase customers' phone numbers and names past the retention period")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retain = options.CurrentValue.RetainPersonalDataFor;
        var cutoff = clock.GetUtcNow() - retain;
        var message = $"The customer's phone number and name were erased: the verification ended more than {retain.TotalDays:0.##} days ago (Verification:RetainPersonalDataFor)";
        var total = 0;
        int erased;
        do
        {
            erased = await verifications.EraseExpiredPersonalDataAsync(cutoff, BatchSize, message, cancellationToken);
            total += erased;
        }
        while (erased == BatchSize && !cancellationToken.IsCancellationRequested);

        if (total > 0)
        {
            LogErased(logger, total, retain);
        }

        // A delivery that gave up keeps its body for a replay, but not past the same period.
        var expired = await deliveries.ExpireFailedBodiesAsync(cutoff, cancellationToken);
        if (expired > 0)
        {
            LogExpired(logger, expired, retain);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erased the bodies of {Count} failed webhook deliveries older than {Retention}; they can no longer be replayed")]
    private static partial void LogExpired(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased the phone number and name of {Count} finished verifications older than {Retention}")]
    private static partial void LogErased(ILogger logger, int count, TimeSpan retention);
}
