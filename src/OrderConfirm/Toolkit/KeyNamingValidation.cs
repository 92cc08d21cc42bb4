using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Toolkit;

public static class KeyNamingValidation
{
    // Like ValidateDataAnnotations, but each failure names the configuration key ("RoboCall:BaseUrl: …") rather than
    // the class member, so an operator knows which setting to fix.
    public static OptionsBuilder<T> ValidateDataAnnotationsNamingKeys<T>(this OptionsBuilder<T> builder, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<T>>(new Validator<T>(builder.Name, section));
        return builder;
    }

    private sealed class Validator<T>(string? optionsName, string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            if (optionsName is not null && optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var results = new List<ValidationResult>();
            if (System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
                $"{section}:{string.Join(", ", r.MemberNames.DefaultIfEmpty("?"))}: {r.ErrorMessage}"));
        }
    }
}
