using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using OrderConfirm.Merchant;

namespace OrderConfirm.Tests.Merchant;

public sealed class MerchantSessionTests
{
    [Theory]
    [InlineData("?partial=1", false)]
    [InlineData("?state=pending", true)]
    public async Task The_lists_own_refresh_does_not_move_the_session_on_but_a_page_the_user_opens_does(string query, bool renewed)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query);
        var ticket = new AuthenticationTicket(MerchantSession.Operator("merchant"), MerchantSession.Scheme);
        var context = new CookieValidatePrincipalContext(http, new AuthenticationScheme(MerchantSession.Scheme, null, typeof(CookieAuthenticationHandler)), new CookieAuthenticationOptions(), ticket)
        {
            ShouldRenew = true,
        };

        await MerchantSession.ValidateAsync(context);

        Assert.Equal(renewed, context.ShouldRenew);
        Assert.NotNull(context.Principal);
    }
}
