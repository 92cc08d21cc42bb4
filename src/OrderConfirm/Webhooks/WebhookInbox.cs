using System.Text;
using System.Threading.Channels;
using Dapper;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Webhooks;

/// The durable half of "store it, then answer 200". Requests hand their delivery to one writer that commits
/// whatever is waiting in one transaction (group commit), so 64 concurrent webhooks cost a handful of commits
/// instead of 64, and each request returns only after its row is on disk.
public sealed partial class WebhookInbox(Database database, SecretProtector protector, WebhookSignal signal, TimeProvider clock, ILogger<WebhookInbox> logger)
    : BackgroundService
{
    internal const string BodyPurpose = "webhook-body";
    private const int MaxBatch = 256;

    // Two writers: while one waits for its commit (the fsync), the other is already filling the next batch.
    private const int Writers = 2;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000)
    {
        SingleReader = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// Completes when the delivery is committed (or was already stored); throws when it could not be stored.
    public async Task StoreAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        // The request's trace context, read here while it is current: the writer runs outside the request.
        var pending = new Pending(delivery, OrderTraces.Current(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteLoopAsync(stoppingToken)));
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(new InvalidOperationException("The service is stopping."));
            }
        }
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    await WriteAsync(batch, stoppingToken);
                    batch.ForEach(p => p.Done.TrySetResult());
                    signal.Notify();
                }
#pragma warning disable CA1031 // every waiting request must learn that its delivery was not stored (it answers 503)
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogWriteFailed(logger, batch.Count, ex.GetType().Name);
                    batch.ForEach(p => p.Done.TrySetException(new InvalidOperationException("The delivery could not be stored.", ex)));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        var bodies = batch.Select(p => protector.Protect(Encoding.UTF8.GetString(p.Delivery.Body.Span), BodyPurpose)).ToArray();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Kind == DatabaseKind.PostgreSql)
        {
            // One statement for the whole batch; a delivery id seen before (a retry) is simply skipped.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into webhook_deliveries (platform, delivery_id, store_id, topic, received_at, body, trace_parent)
                select platform, delivery_id, store_id, topic, @now, body, trace_parent
                from unnest(@platforms, @deliveryIds, @storeIds, @topics, @bodies, @traceParents) as d(platform, delivery_id, store_id, topic, body, trace_parent)
                on conflict (platform, delivery_id) do nothing
                """,
                new
                {
                    now,
                    platforms = batch.Select(p => p.Delivery.Platform).ToArray(),
                    deliveryIds = batch.Select(p => p.Delivery.DeliveryId).ToArray(),
                    storeIds = batch.Select(p => p.Delivery.StoreId).ToArray(),
                    topics = batch.Select(p => p.Delivery.Topic).ToArray(),
                    bodies,
                    traceParents = batch.Select(p => p.TraceParent).ToArray(),
                },
                cancellationToken: cancellationToken));
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            var d = batch[i].Delivery;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into webhook_deliveries (platform, delivery_id, store_id, topic, received_at, body, trace_parent)
                values (@Platform, @DeliveryId, @StoreId, @Topic, @now, @body, @traceParent)
                on conflict (platform, delivery_id) do nothing
                """,
                new { d.Platform, d.DeliveryId, d.StoreId, d.Topic, now, body = bodies[i], traceParent = batch[i].TraceParent },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} webhook deliveries ({Error}); their senders get 503 and retry")]
    private static partial void LogWriteFailed(ILogger logger, int count, string error);

    private sealed record Pending(InboundDelivery Delivery, string? TraceParent, TaskCompletionSource Done);
}
