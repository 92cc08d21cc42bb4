using System.Globalization;
using System.Text.Json.Nodes;
using OrderConfirm.Stores;

namespace OrderConfirm.Merchant;

/// How a settings field is typed into the page and sent on as JSON: text and durations as text, numbers as numbers,
/// a list as its comma-separated items. A value that is not of its kind ("two" for a number) is sent as typed, so the
/// feature's own check names the field ("not of the right kind"); the page has no rule of its own.
public enum SettingKind
{
    Text,
    Number,
    List,
}

/// The store settings fields of the settings page's sections, and how the posted form becomes the settings of a
/// StoreRequest. An empty field is sent as "" (back to the default); the form names fields by the keys the store
/// checks use in their errors ("settings.callingHours"), so each error lands next to its field.
public static class SettingsForm
{
    public const string Prefix = "settings.";

    public static readonly IReadOnlyList<(string Name, SettingKind Kind)> Calls =
    [
        ("callingHours", SettingKind.Text), ("timeZone", SettingKind.Text), ("callDelay", SettingKind.Text),
        ("pollInterval", SettingKind.Text), ("giveUpAfter", SettingKind.Text), ("minAmount", SettingKind.Number), ("maxAmount", SettingKind.Number),
    ];

    public static readonly IReadOnlyList<(string Name, SettingKind Kind)> NoAnswer =
    [
        ("reattempts", SettingKind.Number), ("reattemptAfter", SettingKind.Text), ("reattemptOn", SettingKind.List), ("noAnswerPolicy", SettingKind.Text),
    ];

    public static readonly IReadOnlyList<(string Name, SettingKind Kind)> Sms = [("smsLanguage", SettingKind.Text)];

    public static readonly IReadOnlyList<(string Name, SettingKind Kind)> Balances =
    [
        ("roboCallWarnBelow", SettingKind.Number), ("smsWarnBelow", SettingKind.Number),
    ];

    /// The posted fields of a section as store settings, each one sent (empty: back to the default).
    public static StoreSettings Read(IFormCollection form, IEnumerable<(string Name, SettingKind Kind)> fields, JsonObject? extra = null)
    {
        var json = extra ?? [];
        foreach (var (name, kind) in fields)
        {
            json[name] = ToJson(form[Prefix + name].ToString().Trim(), kind);
        }

        return new StoreSettings(json);
    }

    /// What a stored settings value looks like typed into a field ("" when the store uses the default).
    public static string Show(JsonNode? value) => value switch
    {
        null => "",
        JsonArray list => string.Join(",", list.Select(i => i?.ToString())),
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static JsonNode ToJson(string typed, SettingKind kind)
    {
        if (typed.Length == 0)
        {
            return JsonValue.Create("");
        }

        return kind switch
        {
            SettingKind.Number when decimal.TryParse(typed, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            SettingKind.List => new JsonArray([.. typed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(i => (JsonNode)JsonValue.Create(i))]),
            _ => JsonValue.Create(typed),
        };
    }
}
