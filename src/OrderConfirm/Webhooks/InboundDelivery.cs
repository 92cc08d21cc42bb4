namespace OrderConfirm.Webhooks;

// A signed delivery as it arrived: the body stays the raw bytes the signature covered.
public sealed record InboundDelivery(string Platform, string DeliveryId, long StoreId, string Topic, ReadOnlyMemory<byte> Body);

// A stored delivery taken for processing (a class so Dapper can map SQLite's and PostgreSQL's integer widths alike).
public sealed class ClaimedDelivery
{
    public long Id { get; set; }

    public string Platform { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public long StoreId { get; set; }

    public string Topic { get; set; } = "";

    public string? Body { get; set; }

    public int Attempts { get; set; }

    // The webhook request's trace context (W3C traceparent), so processing continues its trace.
    public string? TraceParent { get; set; }
}
