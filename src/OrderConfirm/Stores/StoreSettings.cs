using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrderConfirm.Stores;

/// A store's own settings: one flat JSON object, as the API takes and shows it and as it is stored. Each feature reads
/// the fields it owns as a section of its own (CallSettings, SmsSettings, WooCommerceSettings, …) and checks them
/// (IStoreSettingsRules), so the store itself knows none of them. A field that is not set uses the feature's default.
[JsonConverter(typeof(StoreSettingsJsonConverter))]
public sealed class StoreSettings
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly JsonObject _fields;

    public StoreSettings()
        : this(new JsonObject())
    {
    }

    // Fields whose value is null are the same as fields left out.
    internal StoreSettings(JsonObject fields)
    {
        _fields = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                _fields[name] = value.DeepClone();
            }
        }
    }

    /// Settings made of the set fields of one or more sections (for code and tests that build a store).
    public static StoreSettings Of(params object[] sections)
    {
        var fields = new JsonObject();
        foreach (var section in sections)
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(section, section.GetType(), Json)!.AsObject())
            {
                fields[name] = value?.DeepClone();
            }
        }

        return new StoreSettings(fields);
    }

    /// A feature's section of the settings; fields of other features are ignored, fields not set keep their default.
    /// Stored settings were checked when they were saved, so this does not fail for them.
    /// A field sent as "" (back to the default) reads as not set, whatever its kind: a duration or a number can go back
    /// to its default like a text can.
    public T Section<T>()
        where T : class, new()
        => WithoutBlanks().Deserialize<T>(Json) ?? new T();

    /// A section of settings a client sent, or the field (its JSON name) whose value is of the wrong kind.
    public bool TrySection<T>(out T section, out string? badField)
        where T : class, new()
    {
        try
        {
            section = Section<T>();
            badField = null;
            return true;
        }
        catch (JsonException e)
        {
            section = new T();
            badField = e.Path is { Length: > 2 } path ? path[2..].Split('.', '[')[0] : "";
            return false;
        }
    }

    /// These settings with a request's fields over them: a field the request sets replaces this one (a merge rule may
    /// combine the two instead), "" removes it (back to the default), a field the request leaves out stays.
    public StoreSettings With(StoreSettings requested, Func<string, JsonNode?, JsonNode, JsonNode?>? merge = null)
    {
        var fields = (JsonObject)_fields.DeepClone();
        foreach (var (name, value) in requested._fields)
        {
            var next = merge?.Invoke(name, fields[name], value!) ?? value!.DeepClone();
            if (next is JsonValue text && text.TryGetValue<string>(out var s) && s.Length == 0)
            {
                fields.Remove(name);
            }
            else
            {
                fields[name] = next;
            }
        }

        return new StoreSettings(fields);
    }

    public JsonObject ToJson() => (JsonObject)_fields.DeepClone();

    private JsonObject WithoutBlanks()
    {
        var fields = new JsonObject();
        foreach (var (name, value) in _fields)
        {
            if (value is not JsonValue text || !text.TryGetValue<string>(out var s) || s.Length > 0)
            {
                fields[name] = value?.DeepClone();
            }
        }

        return fields;
    }
}

internal sealed class StoreSettingsJsonConverter : JsonConverter<StoreSettings>
{
    public override StoreSettings Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => JsonNode.Parse(ref reader) is JsonObject fields ? new StoreSettings(fields) : throw new JsonException("The settings must be a JSON object.");

    public override void Write(Utf8JsonWriter writer, StoreSettings value, JsonSerializerOptions options) => value.ToJson().WriteTo(writer, options);
}
