namespace OrderConfirm.Webhooks;

// A delivery as the operator sees it: never the body, only whether it is still kept.
public sealed class WebhookDeliveryRow
{
    internal const string Columns = """
        id, platform, delivery_id, store_id, topic, status, attempts, received_at, due_at, processed_at, result,
        case when body is null then 0 else 1 end as body_kept
        """;

    public long Id { get; set; }

    public string Platform { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public long StoreId { get; set; }

    public string Topic { get; set; } = "";

    public string Status { get; set; } = "";

    public int Attempts { get; set; }

    public long ReceivedAt { get; set; }

    public long? DueAt { get; set; }

    public long? ProcessedAt { get; set; }

    public string? Result { get; set; }

    public long BodyKept { get; set; }
}
