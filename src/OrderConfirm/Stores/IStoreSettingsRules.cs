using System.Text.Json.Nodes;

namespace OrderConfirm.Stores;

/// A feature's part of the store settings: which section it reads, how it checks what a client sends, and how a field
/// of a PATCH combines with the stored one when "replace" is not right. Each feature registers its own.
public interface IStoreSettingsRules
{
    /// The feature's section of these settings, every field shown (null when not set), for the API.
    object Section(StoreSettings settings);

    /// Checks the settings a client sent; each error is keyed "settings." and the field name.
    void Validate(StoreSettings requested, StoreErrors errors);

    /// The stored field with the requested one over it, or null when the request simply replaces it.
    JsonNode? Merge(string field, JsonNode? current, JsonNode requested) => null;

    /// The platform whose stores read this section, or null when every store does. A field of it sent for a store of
    /// another platform is refused by name rather than stored and ignored.
    string? Platform => null;
}

public static class StoreSettingsRegistration
{
    public static IServiceCollection AddStoreSettingsRules<TRules>(this IServiceCollection services)
        where TRules : class, IStoreSettingsRules
        => services.AddSingleton<IStoreSettingsRules, TRules>();

    /// Adds the error of a section whose field has a value of the wrong kind; true when the section could be read.
    public static bool TryRead<T>(this StoreSettings requested, StoreErrors errors, out T section)
        where T : class, new()
    {
        if (requested.TrySection(out section, out var field))
        {
            return true;
        }

        errors.Add($"settings.{field}", "This value is not of the right kind (a number, a duration like 00:05:00, a list or text).");
        return false;
    }
}
