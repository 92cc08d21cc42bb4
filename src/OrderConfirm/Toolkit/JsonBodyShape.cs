using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrderConfirm.Toolkit;

/// Checks a JSON body against the type it will be read into, before it is read, and names every problem by its JSON
/// path in the caller's spelling: a field the type does not have ("unknown field; did you mean apiKey?") and a value of
/// the wrong kind ("expected a number such as 4999.50"). Reading then cannot drop a field or fail on a type.
public sealed class JsonBodyShape(JsonSerializerOptions bodyOptions, IEnumerable<IJsonObjectFields> openObjects)
{
    // The body's own options (names, number handling), able to describe any type.
    private readonly JsonSerializerOptions _options = new(bodyOptions) { TypeInfoResolver = bodyOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver() };
    private readonly Dictionary<Type, IJsonObjectFields> _open = openObjects.ToDictionary(o => o.ObjectType);

    public Dictionary<string, string[]> Check(JsonElement body, Type type)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Walk(body, type, "", textTakesNumbers: false, errors);
        return errors;
    }

    private void Walk(JsonElement value, Type type, string path, bool textTakesNumbers, Dictionary<string, string[]> errors)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type.IsValueType && underlying is null)
            {
                Add(errors, path, $"expected {Expected(type)}, not null");
            }

            return;
        }

        type = underlying ?? type;
        if (_open.TryGetValue(type, out var open))
        {
            WalkFields(value, path, FieldsOf(open.FieldTypes), errors);
            return;
        }

        if (Primitive(value, type, textTakesNumbers) is { } problem)
        {
            Add(errors, path, problem);
            return;
        }

        if (IsPrimitive(type))
        {
            return;
        }

        var info = _options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind != JsonValueKind.Object:
                Add(errors, path, "expected an object { … }");
                break;
            case JsonTypeInfoKind.Object:
                WalkFields(value, path, FieldsOf([type]), errors);
                break;
            case JsonTypeInfoKind.Enumerable when value.ValueKind != JsonValueKind.Array:
                Add(errors, path, "expected a list such as [ … ]");
                break;
            case JsonTypeInfoKind.Enumerable:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, info.ElementType!, $"{path}[{index++}]", false, errors);
                }

                break;
            case JsonTypeInfoKind.Dictionary when value.ValueKind != JsonValueKind.Object:
                Add(errors, path, "expected an object { \"name\": value, … }");
                break;
            case JsonTypeInfoKind.Dictionary:
                foreach (var entry in value.EnumerateObject())
                {
                    Walk(entry.Value, info.ElementType!, Join(path, entry.Name), false, errors);
                }

                break;
            default:
                break;
        }
    }

    private void WalkFields(JsonElement value, string path, Dictionary<string, JsonPropertyInfo> fields, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(errors, path, "expected an object { … }");
            return;
        }

        foreach (var field in value.EnumerateObject())
        {
            var fieldPath = Join(path, field.Name);
            if (!fields.TryGetValue(field.Name, out var property))
            {
                var known = fields.Values.Select(p => p.Name).Distinct().Order(StringComparer.Ordinal).ToList();
                Add(errors, fieldPath, CloseMatch.Find(field.Name, known) is { } match
                    ? $"unknown field; did you mean {match}?"
                    : $"unknown field; the fields here are: {string.Join(", ", known)}.");
                continue;
            }

            Walk(field.Value, property.PropertyType, fieldPath, property.CustomConverter is NumberAsText, errors);
        }
    }

    // Names match without regard to case, as the body is read (JsonSerializerDefaults.Web).
    private Dictionary<string, JsonPropertyInfo> FieldsOf(IEnumerable<Type> types)
    {
        var fields = new Dictionary<string, JsonPropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types)
        {
            foreach (var property in _options.GetTypeInfo(type).Properties.Where(p => p.Set is not null))
            {
                fields.TryAdd(property.Name, property);
            }
        }

        return fields;
    }

    private static string? Primitive(JsonElement value, Type type, bool textTakesNumbers)
    {
        var kind = value.ValueKind;
        var text = kind == JsonValueKind.String ? value.GetString()! : null;
        var ok = Type.GetTypeCode(type) switch
        {
            TypeCode.String => kind == JsonValueKind.String || (textTakesNumbers && kind == JsonValueKind.Number),
            TypeCode.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte
                => (kind == JsonValueKind.Number && value.TryGetInt64(out _)) || (text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
            TypeCode.Decimal or TypeCode.Double or TypeCode.Single
                => kind == JsonValueKind.Number || (text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
            TypeCode.DateTime => text is not null && DateTime.TryParse(text, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(TimeSpan) => text is not null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(DateTimeOffset) => text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        return ok ? null : $"expected {Expected(type)}";
    }

    private static bool IsPrimitive(Type type)
        => Type.GetTypeCode(type) != TypeCode.Object || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type.IsEnum;

    // What a value of the type looks like, with an example a person can copy.
    public static string Expected(Type type) => Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) switch
    {
        TypeCode.String => "text in quotes, such as \"5551001\"",
        TypeCode.Boolean => "true or false, without quotes",
        TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte
            => "a whole number such as 3",
        TypeCode.Decimal or TypeCode.Double or TypeCode.Single => "a number such as 4999.50 (a dot for decimals, no thousands separators)",
        TypeCode.DateTime => "a date and time such as \"2026-12-01T09:00:00Z\"",
        _ when (Nullable.GetUnderlyingType(type) ?? type) == typeof(TimeSpan) => "a duration such as \"00:05:00\" (hh:mm:ss)",
        _ when (Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTimeOffset) => "a date and time with its offset such as \"2026-12-01T09:00:00+05:00\"",
        _ => "a value of another kind",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void Add(Dictionary<string, string[]> errors, string path, string message)
    {
        var key = path.Length == 0 ? "$" : path;
        errors[key] = [.. errors.GetValueOrDefault(key, []), message];
    }
}
