using System.Text.Json.Nodes;
using OrderConfirm.Stores;

namespace OrderConfirm.Sms;

/// Checks a store's SMS settings as a client sends them. Templates are set event by event: a PATCH of one event's text
/// keeps the others, and "" goes back to the built-in text of that event.
public sealed class SmsSettingsRules : IStoreSettingsRules
{
    private const string TemplatesField = "smsTemplates";

    public object Section(StoreSettings settings) => settings.Section<SmsSettings>();

    public void Validate(StoreSettings requested, StoreErrors errors)
    {
        if (!requested.TryRead<SmsSettings>(errors, out var settings))
        {
            return;
        }

        if (settings.SmsLanguage is { Length: > 0 } language && !SmsLanguages.All.Contains(language))
        {
            errors.Add("settings.smsLanguage", $"Use one of: {string.Join(", ", SmsLanguages.All)}.");
        }

        foreach (var smsEvent in (settings.SmsEvents?.Keys ?? []).Where(e => !SmsEvents.All.Contains(e)))
        {
            errors.Add($"settings.smsEvents.{smsEvent}", $"Unknown event; use one of: {string.Join(", ", SmsEvents.All)}.");
        }

        foreach (var (smsEvent, template) in settings.SmsTemplates ?? new Dictionary<string, string>())
        {
            if (!SmsEvents.All.Contains(smsEvent))
            {
                errors.Add($"settings.smsTemplates.{smsEvent}", $"Unknown event; use one of: {string.Join(", ", SmsEvents.All)}.");
            }
            else if (template.Length > 0 && SmsTemplates.Problem(template, smsEvent) is { } problem)
            {
                errors.Add($"settings.smsTemplates.{smsEvent}", problem);
            }
        }
    }

    public JsonNode? Merge(string field, JsonNode? current, JsonNode requested)
    {
        if (field != TemplatesField || requested is not JsonObject changes)
        {
            return null;
        }

        var merged = current is JsonObject stored ? (JsonObject)stored.DeepClone() : [];
        foreach (var (smsEvent, template) in changes)
        {
            if (template is null || (template is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0))
            {
                merged.Remove(smsEvent);
            }
            else
            {
                merged[smsEvent] = template.DeepClone();
            }
        }

        // No template left: the field goes, as "" would take it.
        return merged.Count == 0 ? JsonValue.Create("") : merged;
    }
}
