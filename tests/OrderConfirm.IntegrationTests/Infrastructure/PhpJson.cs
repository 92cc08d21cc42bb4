using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// JSON the way WordPress writes it: wp_json_encode() with no flags, i.e. PHP's json_encode defaults, which is what
/// both REST answers and webhook bodies go through. "/" comes out as "\/", every UTF-16 unit above 0x7F as a
/// lowercase \uXXXX escape (characters outside the BMP become surrogate pairs), control characters as \b \f \n \r \t
/// or \u00XX. A receiver that re-serializes before checking a signature gets different bytes, which is the point.
public static class PhpJson
{
    public static string Encode(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// A value as it comes back after a trip through PHP: JSON objects are decoded into PHP arrays (json_decode with
    /// assoc = true, as WP_REST_Request does), and a PHP array whose keys are exactly 0..n-1 encodes as a JSON list, so
    /// {} comes back as [] and {"0":"a","1":"b"} as ["a","b"].
    public static JsonNode? ThroughPhpArray(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var entries = obj.Select(p => (p.Key, Value: ThroughPhpArray(p.Value))).ToList();
                if (entries.Select((e, i) => e.Key == i.ToString(CultureInfo.InvariantCulture)).All(sequential => sequential))
                {
                    return new JsonArray(entries.Select(e => e.Value).ToArray());
                }

                var copy = new JsonObject();
                foreach (var (key, value) in entries)
                {
                    copy[key] = value;
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(ThroughPhpArray).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(builder, key);
                    builder.Append(':');
                    Write(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(builder, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        builder.Append("true");
                        break;
                    case JsonValueKind.False:
                        builder.Append("false");
                        break;
                    case JsonValueKind.Null:
                        builder.Append("null");
                        break;
                    case JsonValueKind.Object or JsonValueKind.Array:
                        // A JsonValue wrapping a JsonElement object or list: walk it as nodes so it is escaped too.
                        Write(builder, JsonNode.Parse(value.ToJsonString()));
                        break;
                    default:
                        // Numbers: System.Text.Json already writes the shortest round-trip form, as PHP does with
                        // serialize_precision = -1.
                        builder.Append(value.ToJsonString());
                        break;
                }

                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '/':
                    builder.Append("\\/");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7F)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
