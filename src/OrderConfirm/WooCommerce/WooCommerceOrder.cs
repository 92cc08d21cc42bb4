using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderConfirm.WooCommerce;

// A REST v3 order (and the order.created / order.updated webhook body), only what verification needs. WooCommerce
// sends money as strings, dates without a zone (the *_gmt ones are UTC), and meta values of any JSON type.
public sealed record WooCommerceOrder
{
    public long Id { get; init; }

    // The order number customers see; sequential-number plugins make it differ from the id.
    public string? Number { get; init; }

    public string? Status { get; init; }

    public string? Currency { get; init; }

    public string? Total { get; init; }

    public string? PaymentMethod { get; init; }

    public string? PaymentMethodTitle { get; init; }

    public string? DateCreatedGmt { get; init; }

    public string? DateModifiedGmt { get; init; }

    public WooCommerceAddress? Billing { get; init; }

    public WooCommerceAddress? Shipping { get; init; }

    public IReadOnlyList<WooCommerceMeta>? MetaData { get; init; }

    [JsonIgnore]
    public decimal Amount => decimal.TryParse(Total, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;

    [JsonIgnore]
    public DateTimeOffset? ModifiedAt => WooCommerceDates.ParseGmt(DateModifiedGmt);

    [JsonIgnore]
    public DateTimeOffset? CreatedAt => WooCommerceDates.ParseGmt(DateCreatedGmt);

    // The value of a meta entry as text, whatever JSON type it was stored as; null when the key is absent.
    public string? Meta(string key)
    {
        var entry = MetaData?.LastOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal));
        return entry?.Value switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            { } value => value.GetRawText(),
        };
    }
}

public sealed record WooCommerceAddress(string? FirstName, string? LastName, string? Phone, string? Email);

public sealed record WooCommerceMeta(long? Id, string? Key, JsonElement? Value);

public static class WooCommerceDates
{
    // "2026-05-14T14:42:07" in UTC; tolerant of an offset or a trailing Z in case a plugin adds one.
    public static DateTimeOffset? ParseGmt(string? text)
        => string.IsNullOrWhiteSpace(text) ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value
            : null;

    // The form WooCommerce's list filters take with dates_are_gmt=true.
    public static string FormatGmt(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
