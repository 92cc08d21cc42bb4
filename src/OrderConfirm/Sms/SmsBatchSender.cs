using Microsoft.Extensions.Options;
using OrderConfirm.Sms.Robase;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Sends the SMS a batch run took: the SMS of a store whose gateway is Robase (inside calling hours, not paused) go in
/// batch requests of up to 1,000, two or more at a time; every other SMS (another gateway, outside the hours, a
/// paused gateway, one alone) goes through the single job's path. A batch row is claimed exactly like a single send
/// (sms_messages, committed before the request) and gets its own result from the batch answer: sent with Robase's
/// message id, refused with the reason (and then the store's fallback gateway, as for a single send), or unknown
/// when the batch request's own outcome is unknown (5xx, timeout): then every row of it is unknown and none is sent
/// again by itself.
public sealed partial class SmsBatchSender(
    VerificationRepository verifications,
    StoreRepository stores,
    CallPolicyResolver policies,
    StoreZones zones,
    SmsPauses pauses,
    SmsMessageRepository messages,
    SmsSender sender,
    SmsRenderer renderer,
    SendSmsJob singleJob,
    SmsDue due,
    RobaseMessages robase,
    IOptionsMonitor<SmsOptions> options,
    TimeProvider clock,
    ILogger<SmsBatchSender> logger)
{
    public async Task SendAsync(IReadOnlyList<SmsDueRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var now = clock.GetUtcNow();
        var storesById = new Dictionary<long, (Store? Store, bool Batches)>();
        var groups = new Dictionary<long, List<(SmsDueRow Row, VerificationRecord Verification)>>();
        var singles = new List<SmsDueRow>();
        foreach (var row in rows)
        {
            if (await verifications.GetAsync(row.VerificationId, cancellationToken) is not { } verification)
            {
                singles.Add(row);
                continue;
            }

            if (!storesById.TryGetValue(verification.StoreId, out var known))
            {
                var store = await stores.GetAsync(verification.StoreId, cancellationToken);
                known = (store, store is not null && await BatchesAsync(store, now, cancellationToken));
                storesById[verification.StoreId] = known;
            }

            if (known is { Store: { } batchStore, Batches: true } && batchStore.Settings.Section<SmsSettings>().EventOn(row.Event))
            {
                (groups.TryGetValue(batchStore.Id, out var group) ? group : groups[batchStore.Id] = []).Add((row, verification));
            }
            else
            {
                singles.Add(row);
            }
        }

        foreach (var (storeId, group) in groups)
        {
            if (group.Count == 1)
            {
                singles.Add(group[0].Row);
                continue;
            }

            await SendGroupAsync(storesById[storeId].Store!, group, singles, cancellationToken);
        }

        foreach (var row in singles)
        {
            try
            {
                await singleJob.RunOwnedAsync(row.VerificationId, row.Event, row.Version, cancellationToken);
            }
#pragma warning disable CA1031 // one SMS must not hold up the others; its row comes back when the lease runs out
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogSingleFailed(logger, row.Event, row.VerificationId, ex.GetType().Name);
            }
        }
    }

    // Robase as the store's first gateway, with a key, inside calling hours and not paused for lack of balance.
    private async Task<bool> BatchesAsync(Store store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (store.SmsProvider != SmsProviders.Robase || store.Secrets.SmsApiKey is not { Length: > 0 })
        {
            return false;
        }

        var policy = policies.For(store);
        return policy.Window.NextOpening(now, policy.Zone) <= now
            && await pauses.GetAsync(store.Id, SmsProviders.Robase, cancellationToken) is null;
    }

    private async Task SendGroupAsync(Store store, List<(SmsDueRow Row, VerificationRecord Verification)> group, List<SmsDueRow> singles, CancellationToken cancellationToken)
    {
        var maxAge = options.CurrentValue.MaxAge;
        var zone = zones.Of(store);
        var claimed = new List<(SmsDueRow Row, PreparedSms Sms, RobaseBatchRow Batch)>();
        foreach (var (row, verification) in group)
        {
            if (await sender.PrepareAsync(verification, store, row.Event, cancellationToken) is not { } prepared)
            {
                singles.Add(row);
                continue;
            }

            var key = SmsSender.IdempotencyKey(verification.Id, row.Event, SmsSlots.Primary);
            var claim = await messages.TryClaimAsync(verification.Id, row.Event, SmsSlots.Primary, SmsProviders.Robase, key, prepared.Shape, maxAge, zone, cancellationToken);
            if (claim.Key is not { } claimedKey)
            {
                // Dropped (said on the timeline by the claim), or claimed before: the single path reads what became of it.
                if (claim.Dropped is not null)
                {
                    await due.DoneAsync(row.VerificationId, row.Event, row.Version, cancellationToken);
                }
                else
                {
                    singles.Add(row);
                }

                continue;
            }

            // Past the claim nothing may stop the send from being recorded.
            var text = prepared.LinkPlaceholder is { } placeholder
                ? prepared.Text.Replace(placeholder, await renderer.MintLinkAsync(verification.Id, CancellationToken.None), StringComparison.Ordinal)
                : prepared.Text;
            claimed.Add((row, prepared, new RobaseBatchRow(prepared.Phone, text, claimedKey)));
        }

        var credentials = new SmsCredentials(store.Secrets.SmsApiKey!);
        foreach (var chunk in claimed.Chunk(RobaseMessages.MaxBatchRows))
        {
            var results = await robase.SendBatchAsync(credentials, store.SmsFrom, chunk.Select(c => c.Batch).ToList(), CancellationToken.None);
            LogBatch(logger, store.Id, chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (row, prepared, _) = chunk[i];
                await sender.RecordAsync(row.VerificationId, row.Event, SmsSlots.Primary, SmsProviders.Robase, store.Id, prepared.Shape, results[i]);
                if (SmsSender.FailsOver(results[i]))
                {
                    // Certainly not sent through Robase: the single path takes it to the store's fallback gateway.
                    singles.Add(row);
                }
                else
                {
                    await due.DoneAsync(row.VerificationId, row.Event, row.Version, CancellationToken.None);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Robase batch for store {StoreId}: {Rows} SMS")]
    private static partial void LogBatch(ILogger logger, long storeId, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Event} SMS of verification {Id} failed in the batch run ({Error}); it is taken again when its lease runs out")]
    private static partial void LogSingleFailed(ILogger logger, string @event, long id, string error);
}
