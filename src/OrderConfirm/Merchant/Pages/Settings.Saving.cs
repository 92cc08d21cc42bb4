using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using OrderConfirm.Sms;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;

namespace OrderConfirm.Merchant.Pages;

/// The settings page's saves, one per section, and the SMS preview. Keys are read from the form, never bound as a
/// handler's argument (MVC logs those at Trace), and an empty key field keeps the stored key.
public sealed partial class SettingsModel
{
    public Task<IActionResult> OnPostCallsAsync(long? store, CancellationToken cancellationToken)
        => SaveAsync(store, "calls", form => new StoreRequest
        {
            RoboCall = new RoboCallRequest(form["roboCall.removeKey"] == "on" ? "" : Secret(form, "roboCall.apiKey"), form["roboCall.voiceId"].ToString().Trim()),
            Settings = SettingsForm.Read(form, SettingsForm.Calls),
        }, cancellationToken);

    public Task<IActionResult> OnPostNoAnswerAsync(long? store, CancellationToken cancellationToken)
        => SaveAsync(store, "no-answer", form => new StoreRequest { Settings = SettingsForm.Read(form, SettingsForm.NoAnswer) }, cancellationToken);

    public Task<IActionResult> OnPostSmsAsync(long? store, CancellationToken cancellationToken)
        => SaveAsync(store, "sms", form => new StoreRequest
        {
            Sms = new SmsRequest(
                form["sms.provider"].ToString(),
                Secret(form, "sms.apiKey"),
                form["sms.from"].ToString().Trim(),
                form["sms.fallbackProvider"].ToString(),
                Secret(form, "sms.fallbackApiKey")),
            Settings = SettingsForm.Read(form, SettingsForm.Sms, SmsFields(form)),
        }, cancellationToken);

    public Task<IActionResult> OnPostBalancesAsync(long? store, CancellationToken cancellationToken)
        => SaveAsync(store, "balances", form => new StoreRequest { Settings = SettingsForm.Read(form, SettingsForm.Balances) }, cancellationToken);

    /// Only the operator turns a store on or off (docs/merchant-pages.md says why); an owner is refused.
    public async Task<IActionResult> OnPostEnabledAsync(long? store, CancellationToken cancellationToken)
    {
        if (!IsOperator)
        {
            return await LoadAsync(store, cancellationToken) ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
        }

        return await SaveAsync(store, "enabled", form => new StoreRequest { Enabled = form["enabled"] == "true" }, cancellationToken);
    }

    /// One text as the customer would get it. With fragment=1 (the page's script, as the owner types) only the preview;
    /// without (the Preview button, no script) the whole page with every text previewed as typed, nothing saved.
    public async Task<IActionResult> OnPostPreviewAsync(long? store, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(store, cancellationToken) || StoreId is null)
        {
            return NotFound();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var language = form["settings.smsLanguage"].ToString();
        if (form["fragment"] == "1")
        {
            var smsEvent = form["event"].ToString();
            return previewer.For(Store.Name, smsEvent, form[TemplateField(smsEvent)].ToString(), language is { Length: > 0 } ? language : Store.Settings.Section<SmsSettings>().SmsLanguage) is { } one
                ? Partial("_SettingsSmsPreview", one)
                : BadRequest();
        }

        Section = "sms";
        KeepTyped(form);
        PreviewAll(language is { Length: > 0 } ? language : null);
        return Page();
    }

    private async Task<IActionResult> SaveAsync(long? store, string section, Func<IFormCollection, StoreRequest> build, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(store, cancellationToken) || StoreId is not { } storeId)
        {
            return NotFound();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        Section = section;
        switch (await editor.UpdateAsync(storeId, build(form), HttpContext, cancellationToken))
        {
            case StoreEditResult.Saved:
                return LocalRedirect($"/settings?store={storeId}&saved={section}#{section}");
            case StoreEditResult.Invalid invalid:
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case StoreEditResult.Conflict conflict:
                Problem = $"{conflict.Title}: {conflict.Detail}";
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                return NotFound();
        }

        KeepTyped(form);
        PreviewAll(Value("settings.smsLanguage") is { Length: > 0 } typed ? typed : null);
        return Page();
    }

    // A refused save shows what was typed, so nothing is lost; secrets are not in Values and are never written back.
    private void KeepTyped(IFormCollection form)
    {
        foreach (var (name, value) in form)
        {
            if (Values.ContainsKey(name) && !name.EndsWith("apiKey", StringComparison.OrdinalIgnoreCase))
            {
                Values[name] = value.ToString();
            }
        }

        if (Section == "sms")
        {
            foreach (var smsEvent in SmsEvents.All)
            {
                Values[EventField(smsEvent)] = form[EventField(smsEvent)] == "on" ? "on" : "";
            }
        }
    }

    // The texts per event ("" puts one back to the built-in text) and which events are on (all on: back to the default).
    private static JsonObject SmsFields(IFormCollection form)
    {
        var templates = new JsonObject();
        var events = new JsonObject();
        foreach (var smsEvent in SmsEvents.All)
        {
            templates[smsEvent] = form[TemplateField(smsEvent)].ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
            events[smsEvent] = form[EventField(smsEvent)] == "on";
        }

        return new JsonObject
        {
            ["smsTemplates"] = templates,
            ["smsEvents"] = events.All(e => (bool)e.Value!) ? "" : events,
        };
    }

    // An empty key field keeps the stored key.
    private static string? Secret(IFormCollection form, string field) => form[field].ToString().Trim() is { Length: > 0 } key ? key : null;
}
