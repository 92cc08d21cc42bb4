using Microsoft.Extensions.Options;

namespace OrderConfirm.Merchant;

public sealed class MerchantOptionsValidator : IValidateOptions<MerchantOptions>
{
    public ValidateOptionsResult Validate(string? name, MerchantOptions options)
    {
        var errors = new List<string>();
        if (options.SessionIdleTimeout < TimeSpan.FromMinutes(5) || options.SessionIdleTimeout > TimeSpan.FromDays(30))
        {
            errors.Add("Merchant:SessionIdleTimeout must be between 00:05:00 and 30.00:00:00.");
        }

        if (options.LoginPermits is < 1 or > 1000)
        {
            errors.Add("Merchant:LoginPermits must be between 1 and 1000.");
        }

        if (options.LoginWindow < TimeSpan.FromSeconds(10) || options.LoginWindow > TimeSpan.FromDays(1))
        {
            errors.Add("Merchant:LoginWindow must be between 00:00:10 and 1.00:00:00.");
        }

        if (options.RefreshSeconds is < 1 or > 300)
        {
            errors.Add("Merchant:RefreshSeconds must be between 1 and 300.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
