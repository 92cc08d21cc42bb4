using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// WordPress's argument validation for the simulated routes, with its messages.
public sealed partial class WooCommerceStoreStub
{
    // WordPress's argument validation (rest_validate_value_from_schema) for the types the simulated routes use,
    // collected into one rest_invalid_param answer as WP_REST_Request::has_valid_params builds it.
    private sealed class ParamErrors
    {
        private readonly JsonObject _params = [];
        private readonly JsonObject _details = [];

        public bool Any => _params.Count > 0;

        public Answer ToAnswer()
            => Error(400, "rest_invalid_param", "Invalid parameter(s): " + string.Join(", ", _params.Select(p => p.Key)),
                new JsonObject { ["params"] = _params.DeepClone(), ["details"] = _details.DeepClone() });

        public string? String(RestCall call, string name)
        {
            var value = call.Param(name);
            if (value is null || !call.Has(name))
            {
                return null;
            }

            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                return v.GetValue<string>();
            }

            Add(name, "rest_invalid_type", $"{name} is not of type string.");
            return null;
        }

        public string? Enum(RestCall call, string name, IReadOnlyList<string> allowed)
        {
            var value = String(call, name);
            if (value is not null && !allowed.Contains(value))
            {
                Add(name, "rest_not_in_enum", $"{name} is not one of {WpList(allowed)}.");
                return null;
            }

            return value;
        }

        public long Integer(RestCall call, string name, long fallback, long? minimum, long? maximum = null)
        {
            if (!call.Has(name))
            {
                return fallback;
            }

            var node = call.Param(name);
            long value;
            if (node is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.String
                && decimal.TryParse(ScalarText(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number))
            {
                value = (long)number;
            }
            else
            {
                Add(name, "rest_invalid_type", $"{name} is not of type integer.");
                return fallback;
            }

            if (minimum is { } min && maximum is { } max && (value < min || value > max))
            {
                Add(name, "rest_out_of_bounds", $"{name} must be between {min} (inclusive) and {max} (inclusive)");
                return fallback;
            }

            if (minimum is { } low && value < low)
            {
                Add(name, "rest_out_of_bounds", $"{name} must be greater than or equal to {low}");
                return fallback;
            }

            return value;
        }

        public bool Boolean(RestCall call, string name, bool fallback)
        {
            if (!call.Has(name))
            {
                return fallback;
            }

            // rest_is_boolean: true/false, "true"/"false", "1"/"0", 1/0 and "".
            switch (call.Param(name))
            {
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    return v.GetValue<bool>();
                case JsonValue v when ScalarText(v).ToLowerInvariant() is "true" or "1":
                    return true;
                case JsonValue v when ScalarText(v).ToLowerInvariant() is "false" or "0" or "":
                    return false;
                default:
                    Add(name, "rest_invalid_type", $"{name} is not of type boolean.");
                    return fallback;
            }
        }

        /// A date-time argument (rest_parse_date's RFC 3339 pattern). WP_Date_Query then compares the wall-clock time
        /// as written against the chosen column: an offset or Z in the value is not converted, just dropped.
        public DateTime? Date(RestCall call, string name)
        {
            var text = String(call, name);
            if (text is null)
            {
                return null;
            }

            var match = System.Text.RegularExpressions.Regex.Match(text, @"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)?$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            if (match.Success && DateTime.TryParseExact($"{match.Groups[1].Value}T{match.Groups[2].Value}", WooCommerceShopDates.Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
            {
                return wall;
            }

            Add(name, "rest_invalid_date", "Invalid date.");
            return null;
        }

        /// An array-of-enum argument such as the orders list's status.
        public IReadOnlyList<string> List(RestCall call, string name, IReadOnlyList<string> allowed, IReadOnlyList<string> fallback)
        {
            if (!call.Has(name))
            {
                return fallback;
            }

            var items = PhpList(call.Param(name));
            for (var i = 0; i < items.Count; i++)
            {
                if (!allowed.Contains(items[i]))
                {
                    Add(name, "rest_not_in_enum", $"{name}[{i}] is not one of {WpList(allowed)}.");
                    return fallback;
                }
            }

            return items;
        }

        public JsonObject? Object(RestCall call, string name)
        {
            if (!call.Has(name) || call.Param(name) is null)
            {
                return null;
            }

            if (call.Param(name) is JsonObject obj)
            {
                return obj;
            }

            Add(name, "rest_invalid_type", $"{name} is not of type object.");
            return null;
        }

        /// meta_data: a list of {key, value, id?}. Items without a key change nothing (add_metadata refuses an
        /// empty key); a missing value is null, which deletes.
        public List<(string Key, JsonNode? Value, long? Id)>? MetaData(RestCall call)
        {
            if (!call.Has("meta_data") || call.Param("meta_data") is null)
            {
                return null;
            }

            if (call.Param("meta_data") is not JsonArray items)
            {
                Add("meta_data", "rest_invalid_type", "meta_data is not of type array.");
                return null;
            }

            var writes = new List<(string, JsonNode?, long?)>();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not JsonObject item)
                {
                    Add("meta_data", "rest_invalid_type", $"meta_data[{i}] is not of type object.");
                    return null;
                }

                if (item["key"] is { } key && (key is not JsonValue k || k.GetValueKind() != JsonValueKind.String))
                {
                    Add("meta_data", "rest_invalid_type", $"meta_data[{i}][key] is not of type string.");
                    return null;
                }

                var id = item["id"] is JsonValue idValue && long.TryParse(ScalarText(idValue), CultureInfo.InvariantCulture, out var parsed) ? parsed : (long?)null;
                if (item["key"] is JsonValue keyValue && keyValue.GetValue<string>().Length > 0)
                {
                    writes.Add((keyValue.GetValue<string>(), item["value"]?.DeepClone(), id));
                }
            }

            return writes;
        }

        private void Add(string name, string code, string message)
        {
            _params[name] = message;
            _details[name] = new JsonObject { ["code"] = code, ["message"] = message, ["data"] = null };
        }

        // wp_sprintf('%l'): "a, b, and c"; "a and b" for two.
        private static string WpList(IReadOnlyList<string> items) => items.Count switch
        {
            1 => items[0],
            2 => $"{items[0]} and {items[1]}",
            _ => string.Join(", ", items.Take(items.Count - 1)) + ", and " + items[^1],
        };
    }
}
