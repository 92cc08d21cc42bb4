using Microsoft.AspNetCore.Mvc;
using OrderConfirm.Sms;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;

namespace OrderConfirm.Merchant.Pages;

/// The settings page's saves, one per section. Keys are read from the form, never bound as a
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

    /// Only the operator turns a store on or off (docs/merchant-pages.md says why); an owner is refused.
    public async Task<IActionResult> OnPostEnabledAsync(long? store, CancellationToken cancellationToken)
    {
        if (!IsOperator)
        {
            return await LoadAsync(store, cancellationToken) ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
        }

        return await SaveAsync(store, "enabled", form => new StoreRequest { Enabled = form["enabled"] == "true" }, cancellationToken);
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

    // An empty key field keeps the stored key.
    private static string? Secret(IFormCollection form, string field) => form[field].ToString().Trim() is { Length: > 0 } key ? key : null;
}
