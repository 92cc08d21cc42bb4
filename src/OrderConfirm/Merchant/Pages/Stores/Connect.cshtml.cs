using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using OrderConfirm.Custom;
using OrderConfirm.Platforms;
using OrderConfirm.Security;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;
using OrderConfirm.StoreUsers;

namespace OrderConfirm.Merchant.Pages.Stores;

/// Connecting one store, step by step: its credentials (checked with the shop as they are entered, saved by the admin
/// API's StoreEditor), where its orders arrive and the webhooks installed there, and (operator only) its owners'
/// logins. The operator sees any store; an owner only their own, another store is 404 like one that does not exist.
/// Every secret is read from Request.Form, never bound: MVC logs handler arguments and bound properties at Trace.
public sealed class ConnectModel(
    StoreRepository stores, StoreViews views, StoreEditor editor, StoreChecks checks, ShopPlatforms platforms, StoreLogins logins, StoreUserRepository users, IStringLocalizer<MerchantTexts> texts, TimeProvider clock) : PageModel
{
    public StoreResponse Store { get; private set; } = null!;

    public bool IsOperator => MerchantSession.IsOperator(User);

    public bool HasWebhooks { get; private set; }

    /// A custom shop has no shop to ask and no credentials: it is shown how to post its orders instead.
    public bool IsCustom { get; private set; }

    public CredentialsForm Credentials { get; private set; } = null!;

    /// A custom shop's API key, in the first page after its creation only (TempData is read once).
    public string? IssuedApiKey { get; private set; }

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public ShopConnectionCheck? Check { get; private set; }

    public WebhookInstallOutcome? Webhooks { get; private set; }

    public IReadOnlyList<StoreUserView> Logins { get; private set; } = [];

    public IDictionary<string, string[]> LoginErrors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken cancellationToken)
    {
        IssuedApiKey = TempData[NewModel.IssuedApiKey] as string;
        Notice = done is "created" or "saved" or "login-added" or "login-deleted" or "password-set" ? done : null;
        return await ShowAsync(id, null, cancellationToken);
    }

    /// Asks the shop now whether the credentials typed (over the stored ones) work. The script posts it with fetch and
    /// gets JSON; without the script the form posts it and the page shows the answer.
    public async Task<IActionResult> OnPostCheckAsync(long id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } store || platforms.Find(store.Platform) is not { } platform)
        {
            return NotFound();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var request = StoreForm.Read(form, store.Platform);
        var errors = await checks.CheckAsync(request, store, platform, cancellationToken);
        var check = errors.Count > 0
            ? new ShopConnectionCheck(false, null, string.Join(" ", errors.SelectMany(e => e.Value)))
            : await platform.CheckConnectionAsync(checks.Apply(request, store), cancellationToken)
              ?? new ShopConnectionCheck(false, null, texts["NoShopToAsk"]);
        if (WantsJson())
        {
            return new JsonResult(new { connected = check.Connected, message = Describe(check) });
        }

        Check = check;
        Response.StatusCode = check.Connected ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return await ShowAsync(id, request, cancellationToken, errors.Count > 0 ? errors.ToDictionary() : null);
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } store)
        {
            return NotFound();
        }

        var request = StoreForm.Read(await Request.ReadFormAsync(cancellationToken), store.Platform);
        switch (await editor.UpdateAsync(id, request, HttpContext, cancellationToken))
        {
            case StoreEditResult.Saved:
                return LocalRedirect($"/stores/{id}/connect?done=saved");
            case StoreEditResult.Invalid invalid:
                Problem = invalid.Title;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(id, request, cancellationToken, invalid.Errors);
            case StoreEditResult.Conflict conflict:
                Problem = conflict.Detail;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(id, request, cancellationToken);
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostWebhooksAsync(long id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        Webhooks = await editor.InstallWebhooksAsync(id, cancellationToken);
        if (Webhooks is WebhookInstallOutcome.NotFound)
        {
            return NotFound();
        }

        Response.StatusCode = Webhooks is WebhookInstallOutcome.Tried { Result.Succeeded: true } ? StatusCodes.Status200OK
            : Webhooks is WebhookInstallOutcome.Refused ? StatusCodes.Status409Conflict : StatusCodes.Status502BadGateway;
        return await ShowAsync(id, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAddLoginAsync(long id, CancellationToken cancellationToken)
    {
        if (!IsOperator || await FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        return await LoginChangeAsync(id, "login-added", await logins.CreateAsync(id, form["email"].ToString(), form["password"].ToString(), cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteLoginAsync(long id, long userId, CancellationToken cancellationToken)
    {
        if (!IsOperator || await FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        return await LoginChangeAsync(id, "login-deleted", await logins.DeleteAsync(id, userId, cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostPasswordAsync(long id, long userId, CancellationToken cancellationToken)
    {
        if (!IsOperator || await FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var password = (await Request.ReadFormAsync(cancellationToken))["password"].ToString();
        return await LoginChangeAsync(id, "password-set", await logins.ResetPasswordAsync(id, userId, password, cancellationToken), cancellationToken);
    }

    private async Task<IActionResult> LoginChangeAsync(long id, string done, StoreLoginResult result, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case StoreLoginResult.Done:
                return LocalRedirect($"/stores/{id}/connect?done={done}#logins");
            case StoreLoginResult.Invalid invalid:
                LoginErrors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case StoreLoginResult.EmailTaken:
                LoginErrors = new Dictionary<string, string[]> { ["email"] = [texts["EmailTaken"]] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                return NotFound();
        }

        return await ShowAsync(id, null, cancellationToken);
    }

    // The store, if this user may see it: an owner asking for another store's id gets what a missing store gets.
    private async Task<Store?> FindAsync(long id, CancellationToken cancellationToken)
        => StoreScope.Sees(User, id) ? await stores.GetAsync(id, cancellationToken) : null;

    private async Task<IActionResult> ShowAsync(long id, StoreRequest? typed, CancellationToken cancellationToken, IDictionary<string, string[]>? errors = null)
    {
        if (await FindAsync(id, cancellationToken) is not { } store)
        {
            return NotFound();
        }

        Store = await views.ToResponseAsync(store, HttpContext, cancellationToken);
        var platform = platforms.Find(store.Platform);
        HasWebhooks = platform?.Webhooks is not null;
        IsCustom = store.Platform == CustomPlatform.Key;
        Credentials = new CredentialsForm(store.Platform, typed?.ShopDomain ?? store.ShopDomain, typed?.ApiBaseUrl ?? store.ApiBaseUrl, Store.Credentials, errors ?? new Dictionary<string, string[]>());
        if (IsOperator)
        {
            var now = clock.GetUtcNow();
            Logins = [.. (await users.ListAsync(id, cancellationToken)).Select(u => StoreUserView.Of(u, now))];
        }

        return Page();
    }

    private bool WantsJson() => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    /// The check's answer in one sentence for the page and the script.
    public string Describe(ShopConnectionCheck check) => check.Connected ? texts["ConnectedTo", check.ShopName ?? ""] : texts["NotConnected", check.Problem ?? ""];
}
