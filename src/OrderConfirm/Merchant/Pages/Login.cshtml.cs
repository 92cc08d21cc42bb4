using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.StoreUsers;

namespace OrderConfirm.Merchant.Pages;

/// One form for both kinds of user: the operator's login (the dashboard's credentials) and a store owner's e-mail.
/// A refusal never says which part was wrong or whether the e-mail exists; each POST counts against the client
/// address's login limit (LoginRateLimit), and an owner's failures against the account's own lockout.
[EnableRateLimiting(LoginRateLimit.Name)]
public sealed partial class LoginModel(
    IStoreUserSignIn owners, IOptionsMonitor<DashboardLoginOptions> operatorLogin, IStringLocalizer<MerchantTexts> texts, ILogger<LoginModel> logger) : PageModel
{
    public string? Problem { get; private set; }

    public string? Login { get; private set; }

    public string ReturnUrl { get; private set; } = "/orders";

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = LocalOrOrders(returnUrl);
        return User.Identity?.IsAuthenticated == true ? LocalRedirect(ReturnUrl) : Page();
    }

    // The fields are read from the form, not bound as arguments: MVC logs a handler's arguments (at Trace), and one of
    // them would be the password.
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        string password = form["password"].ToString();
        ReturnUrl = LocalOrOrders(form["returnUrl"]);
        Login = form["login"].ToString().Trim();
        if (string.IsNullOrEmpty(Login) || string.IsNullOrEmpty(password))
        {
            return Refused(texts["MissingFields"], StatusCodes.Status400BadRequest);
        }

        var configured = operatorLogin.CurrentValue;
        // Both compared, always: the time taken does not say which one was wrong.
        if (ConstantTime.Equals(Login, configured.Username) & ConstantTime.Equals(password, configured.Password))
        {
            await HttpContext.SignInAsync(MerchantSession.Scheme, MerchantSession.Operator(Login));
            LogOperatorSignedIn(logger);
            return LocalRedirect(ReturnUrl);
        }

        switch (await owners.SignInAsync(Login, password, cancellationToken))
        {
            case StoreUserSignInResult.Accepted owner:
                await HttpContext.SignInAsync(MerchantSession.Scheme, MerchantSession.Owner(owner));
                LogOwnerSignedIn(logger, owner.UserId, owner.StoreId);
                return LocalRedirect(ReturnUrl);
            case StoreUserSignInResult.LockedOut locked:
                LogRefused(logger, "locked out");
                return Refused(texts["LockedOut", locked.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)], StatusCodes.Status401Unauthorized);
            default:
                LogRefused(logger, "wrong login or password");
                return Refused(texts["SignInFailed"], StatusCodes.Status401Unauthorized);
        }
    }

    private PageResult Refused(string problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }

    // Only a path on this site: a link that names another host after login is an open redirect.
    private string LocalOrOrders(string? returnUrl)
        => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/login", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/orders";

    [LoggerMessage(Level = LogLevel.Information, Message = "The operator signed in to the merchant pages")]
    private static partial void LogOperatorSignedIn(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store owner login {UserId} of store {StoreId} signed in to the merchant pages")]
    private static partial void LogOwnerSignedIn(ILogger logger, long userId, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A merchant pages sign-in was refused ({Reason})")]
    private static partial void LogRefused(ILogger logger, string reason);
}
