namespace OrderConfirm.Telemetry;

/// A path as a log line or a span may show it: a segment with a digit or longer than 16 characters becomes *, because
/// a confirm link's token, an order number or a store's own URL (a custom shop's result webhook, which may carry a
/// token in its path as chat webhooks do) must not land there.
public static class PathShapes
{
    public static string Shape(string? path)
        => string.Join('/', (path ?? "").Split('/').Select(s => s.Length > 16 || s.Any(char.IsDigit) ? "*" : s));
}
