using OrderConfirm.Stores;

namespace OrderConfirm.Merchant;

/// A store's connection form as a StoreRequest, read from Request.Form: never bound as a handler argument or a
/// property, since MVC logs those (at Trace) and the form carries tokens and secrets. An empty field is "keep what is
/// stored": a stored secret is never written back into the page, so its input is always empty.
public static class StoreForm
{
    /// The fields of the connection form, in the API's names (the errors of StoreEditResult.Invalid name them too).
    public static readonly IReadOnlyList<string> Fields = ["name", "platform", "shopDomain", "apiBaseUrl", "accessToken", "webhookSecret", "consumerKey", "consumerSecret"];

    /// platform: the stored store's (the connection form of a store), or null to read it from the form (a new store).
    /// The Shopify fields have their own API address field, so the form of a new store, which shows every platform's
    /// fields until one is chosen, sends one address per platform.
    public static StoreRequest Read(IFormCollection form, string? platform)
    {
        var chosen = platform ?? Value(form, "platform");
        return new()
        {
            Name = platform is null ? Value(form, "name") : null,
            Platform = platform is null ? chosen : null,
            ShopDomain = Value(form, "shopDomain"),
            ApiBaseUrl = Value(form, chosen == "shopify" ? "shopifyApiBaseUrl" : "apiBaseUrl"),
            AccessToken = Value(form, "accessToken"),
            WebhookSecret = Value(form, "webhookSecret"),
            ConsumerKey = Value(form, "consumerKey"),
            ConsumerSecret = Value(form, "consumerSecret"),
        };
    }

    /// The errors no field of the form shows (a Robo Call key the service lacks, a settings rule): shown above it.
    public static IEnumerable<string> Unplaced(IDictionary<string, string[]> errors)
        => errors.Where(e => !Fields.Contains(e.Key)).SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"));

    private static string? Value(IFormCollection form, string name) => form[name].ToString().Trim() is { Length: > 0 } value ? value : null;
}
