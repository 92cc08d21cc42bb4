using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderConfirm.Platforms;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;

namespace OrderConfirm.Merchant.Pages.Stores;

/// A new store (operator only; an owner is answered 404): its name, its platform and that platform's credentials,
/// created by the admin API's StoreEditor, then on to its connect page. A store that cannot place a call yet (no Robo
/// Call key or voice, here or in the service's defaults) is created disabled, as the API allows with enabled:false.
public sealed class NewModel(StoreEditor editor, StoreChecks checks, ShopPlatforms platforms) : PageModel
{
    /// TempData key of a custom shop's API key, issued once and shown on the next page only.
    public const string IssuedApiKey = "issuedApiKey";

    public IReadOnlyList<string> Platforms { get; } = [.. platforms.Keys.Order(StringComparer.Ordinal)];

    public string? Name { get; private set; }

    public CredentialsForm Credentials { get; private set; } = new(null, null, null, null, new Dictionary<string, string[]>());

    public string? Problem { get; private set; }

    public IActionResult OnGet(string? platform)
    {
        if (!MerchantSession.IsOperator(User))
        {
            return NotFound();
        }

        Credentials = Credentials with { Platform = Platforms.Contains(platform) ? platform : null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MerchantSession.IsOperator(User))
        {
            return NotFound();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var request = StoreForm.Read(form, platform: null);
        var canCall = checks.CanCall(new Store { Id = 0, Name = request.Name ?? "", Platform = request.Platform ?? "", Enabled = true });
        var result = await editor.CreateAsync(request with { Enabled = canCall.Count == 0 }, HttpContext, cancellationToken);
        switch (result)
        {
            case StoreEditResult.Saved saved:
                if (saved.Response.Issued?.ApiKey is { } apiKey)
                {
                    TempData[IssuedApiKey] = apiKey;
                }

                return LocalRedirect($"/stores/{saved.Store.Id}/connect?done=created");
            case StoreEditResult.Invalid invalid:
                Show(request, invalid.Errors, invalid.Title);
                break;
            case StoreEditResult.Conflict conflict:
                Show(request, new Dictionary<string, string[]>(), conflict.Detail);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Show(StoreRequest request, IDictionary<string, string[]> errors, string problem)
    {
        Name = request.Name;
        Credentials = new CredentialsForm(Platforms.Contains(request.Platform) ? request.Platform : null, request.ShopDomain, request.ApiBaseUrl, null, errors);
        Problem = problem;
    }
}
