using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OrderConfirm.Balances;
using OrderConfirm.Security;
using OrderConfirm.Sms;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Merchant.Pages;

/// A store's settings: calls, re-attempts and the no-answer policy, SMS (with a live preview of each text), balances,
/// and whether the store is on. Every save is a StoreRequest through StoreEditor, the admin API's own rules, and each
/// error it names is shown next to its field. Keys are write-only: the page says whether one is set, never what it is.
public sealed partial class SettingsModel(
    StoreRepository stores,
    StoreEditor editor,
    StoreViews views,
    StoreBalances balances,
    SmsPreviewer previewer,
    CallPolicyResolver policies,
    IOptionsMonitor<VerificationOptions> verification,
    IOptionsMonitor<BalanceOptions> balanceOptions) : PageModel
{
    public static readonly string[] Sections = ["calls", "no-answer", "sms", "balances", "enabled"];

    public IReadOnlyList<(long Id, string Name)> Stores { get; private set; } = [];

    public long? StoreId { get; private set; }

    public Store Store { get; private set; } = null!;

    public StoreResponse View { get; private set; } = null!;

    /// The store's time zone, for the times the page shows.
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// What each field shows: the store's own value, or what was just typed when a save was refused.
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// The store checks' errors by field ("settings.callingHours"), for the section just posted.
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// The section just posted (its errors) or saved (its notice).
    public string? Section { get; private set; }

    public string? Saved { get; private set; }

    /// A refusal that names no field (a conflict).
    public string? Problem { get; private set; }

    public Dictionary<string, SmsPreview> Previews { get; } = new(StringComparer.Ordinal);

    public StoreBalance? Balance { get; private set; }

    public VerificationOptions Defaults => verification.CurrentValue;

    public BalanceOptions BalanceDefaults => balanceOptions.CurrentValue;

    public bool IsOperator => MerchantSession.IsOperator(User);

    public string Link(string? handler = null)
        => $"/settings?store={StoreId}" + (handler is null ? "" : "&handler=" + handler);

    public async Task<IActionResult> OnGetAsync(long? store, string? saved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(store, cancellationToken))
        {
            return NotFound();
        }

        Saved = Sections.Contains(saved) ? saved : null;
        return Page();
    }

    /// The balances, read from the providers now: a fragment for the page's script, or the whole page without it.
    public async Task<IActionResult> OnGetBalanceAsync(long? store, bool fragment, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(store, cancellationToken) || StoreId is null)
        {
            return NotFound();
        }

        Balance = await balances.ReadAsync(Store, cancellationToken);
        return fragment ? Partial("_SettingsBalanceRead", this) : Page();
    }

    /// Which store the page shows. An owner naming another store gets nothing (404, as for a store that does not exist).
    private async Task<bool> LoadAsync(long? asked, CancellationToken cancellationToken)
    {
        if (StoreScope.IsRestricted(User, out var own) && asked is { } id && id != own)
        {
            return false;
        }

        (StoreId, Stores) = await StorePick.ResolveAsync(User, asked, stores, cancellationToken);
        if (StoreId is not { } storeId)
        {
            return true;
        }

        if (await stores.GetAsync(storeId, cancellationToken) is not { } found)
        {
            return false;
        }

        Store = found;
        Zone = policies.ZoneOf(found.Settings);
        View = await views.ToResponseAsync(found, HttpContext, cancellationToken);
        ShowStored();
        return true;
    }

    private void ShowStored()
    {
        foreach (var (name, value) in View.Settings)
        {
            if (name != "smsTemplates" && name != "smsEvents")
            {
                Values[SettingsForm.Prefix + name] = SettingsForm.Show(value);
            }
        }

        // The re-attempt outcomes in one order, so the field's choice matches whatever order they were sent in.
        if (Store.Settings.Section<CallSettings>().ReattemptOn is { } on)
        {
            Values[SettingsForm.Prefix + "reattemptOn"] = string.Join(",", NoAnswerRules.Unanswered.Where(on.Contains));
        }

        Values["roboCall.voiceId"] = Store.VoiceId ?? "";
        Values["sms.provider"] = Store.SmsProvider;
        Values["sms.from"] = Store.SmsFrom ?? "";
        Values["sms.fallbackProvider"] = Store.SmsFallbackProvider ?? SmsProviders.None;
        var sms = Store.Settings.Section<SmsSettings>();
        foreach (var smsEvent in SmsEvents.All)
        {
            Values[TemplateField(smsEvent)] = sms.SmsTemplates?.GetValueOrDefault(smsEvent) ?? "";
            Values[EventField(smsEvent)] = sms.EventOn(smsEvent) ? "on" : "";
        }

        PreviewAll(sms.SmsLanguage);
    }

    private void PreviewAll(string? language)
    {
        foreach (var smsEvent in SmsEvents.All)
        {
            Previews[smsEvent] = previewer.For(Store.Name, smsEvent, Values[TemplateField(smsEvent)], language)!;
        }
    }

    public static string TemplateField(string smsEvent) => $"settings.smsTemplates.{smsEvent}";

    public static string EventField(string smsEvent) => $"settings.smsEvents.{smsEvent}";

    public string Value(string field) => Values.GetValueOrDefault(field, "");

    public SettingField Field(string name, string label, string? hint = null, string type = "text", IReadOnlyList<(string Value, string Label)>? options = null)
        => new(name, label, type == "password" ? "" : Value(name), hint, Error(name), type, options);

    public string? Error(string field) => Errors.TryGetValue(field, out var why) ? string.Join(" ", why) : null;

    /// Errors of the posted section that name no field the page shows (they are listed above its fields).
    public IEnumerable<string> OtherErrors(IEnumerable<string> shown)
        => Errors.Where(e => !shown.Contains(e.Key)).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}");

    /// The no-answer setting in effect and whether it is the service's default.
    public (string Value, bool IsDefault) InEffect(string name) => name switch
    {
        "reattempts" => (View.NoAnswer.Reattempts.ToString(CultureInfo.InvariantCulture), IsDefault(name)),
        "reattemptAfter" => (View.NoAnswer.ReattemptAfter.ToString("c", CultureInfo.InvariantCulture), IsDefault(name)),
        "reattemptOn" => (string.Join(", ", View.NoAnswer.ReattemptOn), IsDefault(name)),
        _ => (View.NoAnswer.NoAnswerPolicy, IsDefault(name)),
    };

    /// Whether the store has no value of its own for this setting (as stored, not as just typed).
    public bool IsDefault(string name) => View.Settings[name] is null;
}

/// One field of the settings page: its name (the store checks' key), what it shows, a hint and its error.
public sealed record SettingField(string Name, string Label, string Value, string? Hint, string? Error, string Type = "text", IReadOnlyList<(string Value, string Label)>? Options = null);
