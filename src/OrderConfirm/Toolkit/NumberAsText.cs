using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderConfirm.Toolkit;

/// A text field that also takes a JSON number as its digits, where that can only mean one thing: an order id or a
/// voice id sent as 5551001 instead of "5551001" (Shopify's ids are numbers).
public sealed class NumberAsText : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException("expected text or a number"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
