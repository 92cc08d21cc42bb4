using OrderConfirm.Platforms;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreAdmin;

/// Creating, changing and deleting a store, and installing its webhooks: one rule for the admin API and the pages.
/// The API's handlers only map these results to HTTP; a page shows them in its form.
public sealed class StoreEditor(StoreRepository stores, StoreViews views, ShopPlatforms platforms, StoreChecks checks, TimeProvider clock)
{
    public async Task<StoreEditResult> CreateAsync(StoreRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var platform = platforms.Find(request.Platform);
        var errors = await checks.CheckAsync(request, null, platform, cancellationToken);
        if (errors.Count > 0 || platform is null)
        {
            return new StoreEditResult.Invalid("The store is not valid", errors.ToDictionary());
        }

        var candidate = platform.Prepare(null, checks.Apply(request, new Store { Id = 0, Name = "", Platform = platform.Key }), clock.GetUtcNow());
        if (checks.CanCall(candidate) is { Count: > 0 } cannotCall)
        {
            return new StoreEditResult.Invalid("The store could not place a call", cannotCall.ToDictionary());
        }

        if (await platform.TakenByAsync(candidate, cancellationToken) is { } other)
        {
            return ShopTaken(other);
        }

        var store = await stores.InsertAsync(candidate, cancellationToken);
        platform.Forget(store);
        var issued = await platform.IssueAsync(null, store, cancellationToken);
        return new StoreEditResult.Saved(store, await views.ToResponseAsync(store, http, cancellationToken) with { Issued = issued });
    }

    public async Task<StoreEditResult> UpdateAsync(long id, StoreRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } existing)
        {
            return new StoreEditResult.NotFound();
        }

        if (platforms.Find(existing.Platform) is not { } platform)
        {
            return NoPlatform(existing);
        }

        var errors = await checks.CheckAsync(request, existing, platform, cancellationToken);
        if (errors.Count > 0)
        {
            return new StoreEditResult.Invalid("The change is not valid", errors.ToDictionary());
        }

        var candidate = platform.Prepare(existing, checks.Apply(request, existing), clock.GetUtcNow());
        if (checks.CanCall(candidate) is { Count: > 0 } cannotCall)
        {
            return new StoreEditResult.Invalid("The store could not place a call", cannotCall.ToDictionary());
        }

        if (await platform.TakenByAsync(candidate, cancellationToken) is { } other)
        {
            return ShopTaken(other);
        }

        var updated = await stores.UpdateAsync(candidate, cancellationToken);
        platform.Forget(existing);
        platform.Forget(updated);

        // Only now, with the change stored (a new webhook secret already accepted), may the shop be told of it.
        var webhooks = platform.Webhooks is { } shop ? await shop.AfterUpdateAsync(existing, updated, cancellationToken) : null;
        var issued = await platform.IssueAsync(existing, updated, cancellationToken);
        return new StoreEditResult.Saved(updated, await views.ToResponseAsync(updated, http, cancellationToken) with { WebhookSecretRotation = webhooks, Issued = issued });
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var existing = await stores.GetAsync(id, cancellationToken);
        if (existing is null || !await stores.DeleteAsync(id, cancellationToken))
        {
            return false;
        }

        platforms.Find(existing.Platform)?.Forget(existing);
        return true;
    }

    public async Task<WebhookInstallOutcome> InstallWebhooksAsync(long id, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return new WebhookInstallOutcome.NotFound();
        }

        if (platforms.Find(store.Platform)?.Webhooks is not { } webhooks)
        {
            return new WebhookInstallOutcome.Refused("No webhooks to install", "This store sends its orders to POST /api/verifications itself.");
        }

        if (webhooks.DeliveryUrl(store) is not { } deliveryUrl)
        {
            return new WebhookInstallOutcome.Refused("PublicBaseUrl is not set", "Set PublicBaseUrl to this service's public https root so the shop knows where to deliver.");
        }

        var result = await webhooks.InstallAsync(store, deliveryUrl, cancellationToken);
        if (result.CredentialsRejected)
        {
            await stores.SetAttentionAsync(store.Id, $"Webhook installation: {result.Error}", cancellationToken);
        }

        return new WebhookInstallOutcome.Tried(result);
    }

    // The shop's webhooks would not tell the two stores apart (for Shopify: the same shop domain).
    private static StoreEditResult.Conflict ShopTaken(long otherId) => new("Shop domain already registered", $"Store {otherId} already uses this shop domain.");

    // A store saved under a platform this build does not have.
    private static StoreEditResult.Conflict NoPlatform(Store store) => new("Unknown platform", $"This service has no '{store.Platform}' platform.");
}
