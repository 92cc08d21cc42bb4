using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// One request the stub received, as the client sent it (before any header stripping the simulated host does).
/// Path is relative to the API root, e.g. "/orders/4817"; Status is what the stub answered.
public sealed class WooCommerceShopRequest
{
    internal WooCommerceShopRequest(string method, string path, string rawQuery, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers, string body)
        => (Method, Path, RawQuery, Query, Headers, Body) = (method, path, rawQuery, query, headers, body);

    public string Method { get; }

    public string Path { get; }

    public string RawQuery { get; }

    /// Query parameters, decoded; a repeated name keeps its last value, as PHP's $_GET does.
    public IReadOnlyDictionary<string, string> Query { get; }

    /// Request headers, case-insensitive names.
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    public int Status { get; internal set; }

    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public override string ToString() => $"{Method} {Path}{(RawQuery.Length > 0 ? "?" + RawQuery : "")} -> {Status}";
}
