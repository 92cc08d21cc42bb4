using System.Text;
using System.Text.Json;

namespace OrderConfirm.Webhooks;

/// Reads the order id out of a delivery's body for the processor's lanes, without parsing the rest of the body.
public static class WebhookOrderKeys
{
    /// The top-level property's value as written (a number's digits, a string's text), or null when the body is not a
    /// JSON object or has no such number or string: the delivery is then applied alone in its store's lane.
    public static string? Read(string body, string property)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(property);
                reader.Read();
                if (matches)
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        JsonTokenType.String => reader.GetString() is { Length: > 0 } text ? text : null,
                        _ => null,
                    };
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
