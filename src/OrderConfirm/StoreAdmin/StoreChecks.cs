using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrderConfirm.Platforms;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.StoreAdmin;

/// Everything a store request is checked against, in order: the fields every store has, the fields its platform needs,
/// each feature's part of the settings, and (only when all that passed) whether Robo Call takes the store's key.
public sealed class StoreChecks(
    ShopPlatforms platforms,
    IEnumerable<IStoreSettingsRules> settingsRules,
    RoboCallKeyCheck keyCheck,
    CallPolicyResolver policies,
    IOptionsMonitor<OutboundOptions> outbound)
{
    private static readonly JsonSerializerOptions ShowJson = new(JsonSerializerDefaults.Web);

    public async Task<StoreErrors> CheckAsync(StoreRequest request, Store? existing, IShopPlatform? platform, CancellationToken cancellationToken)
    {
        var errors = StoreValidator.Validate(request, existing, platforms.Keys, outbound.CurrentValue);
        platform?.Validate(request, existing, errors);
        if (request.Settings is { } settings)
        {
            var storePlatform = existing?.Platform ?? request.Platform;
            foreach (var rules in settingsRules)
            {
                rules.Validate(settings, errors);
                if (rules.Platform is { } only && storePlatform is not null && !string.Equals(only, storePlatform, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var field in SetFields(rules.Section(settings)))
                    {
                        errors.Add($"settings.{field}", $"Only {only} stores use this setting; a {storePlatform} store would ignore it.");
                    }
                }
            }
        }

        await keyCheck.AddErrorIfRejectedAsync(request.RoboCall?.ApiKey, errors, cancellationToken);
        return errors;
    }

    // The fields of a section that the request sets (null means left out).
    private static IEnumerable<string> SetFields(object section)
        => JsonSerializer.SerializeToNode(section, section.GetType(), StoreSettings.Json) is JsonObject fields
            ? fields.Where(f => f.Value is not null).Select(f => f.Key)
            : [];

    /// An enabled store must be able to place a call, with its own Robo Call key and voice or the service's defaults;
    /// one an operator disabled may wait for them.
    public static StoreErrors CanCall(Store candidate, CallPolicyResolver policies)
    {
        var errors = new StoreErrors();
        if (candidate.Enabled)
        {
            foreach (var (field, why) in policies.For(candidate).WhyNoCall())
            {
                errors.Add(field, why);
            }
        }

        return errors;
    }

    public StoreErrors CanCall(Store candidate) => CanCall(candidate, policies);

    /// The request applied to the store, before the platform derives what it does itself.
    public Store Apply(StoreRequest request, Store store) => StoreChanges.Apply(request, store, settingsRules);

    /// Every feature's section of the settings, each field shown (null when not set): what the API shows.
    public JsonObject Show(StoreSettings settings)
    {
        var shown = new JsonObject();
        foreach (var rules in settingsRules)
        {
            var section = rules.Section(settings);
            foreach (var (name, value) in JsonSerializer.SerializeToNode(section, section.GetType(), ShowJson)!.AsObject())
            {
                shown[name] = value?.DeepClone();
            }
        }

        return shown;
    }

}
