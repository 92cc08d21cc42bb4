using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Shopify;
using OrderConfirm.Webhooks;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Stores;

public static class StoresApi
{
    public static RouteGroupBuilder MapStoresApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/stores").WithTags("Stores");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPatch("/{id:long}", UpdateAsync);
        group.MapDelete("/{id:long}", DeleteAsync);
        group.MapPost("/{id:long}/webhooks", InstallWebhooksAsync);
        group.MapStoreReconcile();
        group.MapStoreBalance();
        return group;
    }

    private static async Task<Results<Created<StoreResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        StoreRequest request, StoreRepository stores, StoreViews views, RoboCallKeyCheck keyCheck, ShopifyStoreDirectory directory, WooCommerceStoreDirectory wooStores,
        IOptionsMonitor<OutboundOptions> outbound, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = StoreValidator.Validate(request, null, outbound.CurrentValue);
        await keyCheck.AddErrorIfRejectedAsync(request.RoboCall?.ApiKey, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The store is not valid");
        }

        if (request.Platform == Platforms.Shopify && await stores.FindShopifyAsync(request.ShopDomain!.Trim(), cancellationToken) is { } duplicate)
        {
            return ShopDomainTaken(duplicate.Id);
        }

        var store = await stores.InsertAsync(Apply(request, new Store { Id = 0, Name = "", Platform = request.Platform! }, clock.GetUtcNow()), cancellationToken);
        directory.Forget(store.ShopDomain);
        wooStores.Forget(store.Id);
        return TypedResults.Created($"/api/stores/{store.Id}", await views.ToResponseAsync(store, http, cancellationToken));
    }

    private static async Task<Ok<StoreResponse[]>> ListAsync(StoreRepository stores, StoreViews views, HttpContext http, CancellationToken cancellationToken)
    {
        var all = await stores.ListAsync(cancellationToken);
        var responses = new List<StoreResponse>(all.Count);
        foreach (var store in all)
        {
            responses.Add(await views.ToResponseAsync(store, http, cancellationToken));
        }

        return TypedResults.Ok(responses.ToArray());
    }

    private static async Task<Results<Ok<StoreResponse>, ProblemHttpResult>> GetAsync(long id, StoreRepository stores, StoreViews views, HttpContext http, CancellationToken cancellationToken)
        => await stores.GetAsync(id, cancellationToken) is { } store
            ? TypedResults.Ok(await views.ToResponseAsync(store, http, cancellationToken))
            : StoreNotFound(id);

    private static async Task<Results<Ok<StoreResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, StoreRequest request, StoreRepository stores, StoreViews views, RoboCallKeyCheck keyCheck, ShopifyStoreDirectory directory, WooCommerceStoreDirectory wooStores,
        WooCommerceSecretRotation rotation, IOptionsMonitor<OutboundOptions> outbound, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var existing = await stores.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return StoreNotFound(id);
        }

        var errors = StoreValidator.Validate(request, existing, outbound.CurrentValue);
        await keyCheck.AddErrorIfRejectedAsync(request.RoboCall?.ApiKey, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The change is not valid");
        }

        if (existing.Platform == Platforms.Shopify && request.ShopDomain is { Length: > 0 } domain
            && await stores.FindShopifyAsync(domain.Trim(), cancellationToken) is { } other && other.Id != id)
        {
            return ShopDomainTaken(other.Id);
        }

        var updated = await stores.UpdateAsync(Apply(request, existing, clock.GetUtcNow()), cancellationToken);
        directory.Forget(existing.ShopDomain);
        directory.Forget(updated.ShopDomain);
        wooStores.Forget(id);

        // Only now, with the new secret stored and accepted, may the shop's webhooks start signing with it.
        var rotated = await rotation.AfterUpdateAsync(existing, updated, cancellationToken);
        return TypedResults.Ok(await views.ToResponseAsync(updated, http, cancellationToken) with { WebhookSecretRotation = rotated });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, StoreRepository stores, ShopifyStoreDirectory directory, WooCommerceStoreDirectory wooStores, CancellationToken cancellationToken)
    {
        var existing = await stores.GetAsync(id, cancellationToken);
        if (existing is null || !await stores.DeleteAsync(id, cancellationToken))
        {
            return StoreNotFound(id);
        }

        directory.Forget(existing.ShopDomain);
        wooStores.Forget(id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookInstallResult>, ProblemHttpResult>> InstallWebhooksAsync(
        long id, StoreRepository stores, ShopifyWebhookInstaller shopify, WooCommerceWebhookInstaller wooCommerce, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return StoreNotFound(id);
        }

        if (store.Platform is not (Platforms.Shopify or Platforms.WooCommerce))
        {
            return TypedResults.Problem(
                title: "No webhooks to install",
                detail: "A custom store sends its orders to POST /api/verifications itself.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var deliveryUrl = store.Platform == Platforms.Shopify ? ShopifyCallback.Url(configuration) : WooCommerceDeliveryUrl.For(configuration, store.Id);
        if (deliveryUrl is null)
        {
            return TypedResults.Problem(title: "PublicBaseUrl is not set", detail: "Set PublicBaseUrl to this service's public https root so the shop knows where to deliver.", statusCode: StatusCodes.Status409Conflict);
        }

        var result = store.Platform == Platforms.Shopify
            ? await shopify.EnsureAsync(store, deliveryUrl, cancellationToken)
            : await wooCommerce.EnsureAsync(store, deliveryUrl, cancellationToken);
        if (result.CredentialsRejected)
        {
            await stores.SetAttentionAsync(store.Id, $"Webhook installation: {result.Error}", cancellationToken);
        }

        return result.Succeeded
            ? TypedResults.Ok(result)
            : TypedResults.Problem(title: "Webhooks not installed", detail: result.Error, statusCode: StatusCodes.Status502BadGateway, extensions: new Dictionary<string, object?> { ["topics"] = result.Topics });
    }

    private static Store Apply(StoreRequest request, Store store, DateTimeOffset now)
    {
        var secrets = store.Secrets;
        var webhookSecret = StoreValidator.Merge(request.WebhookSecret, secrets.WebhookSecret);
        if (webhookSecret is null && store.Platform == Platforms.WooCommerce)
        {
            // We create WooCommerce webhooks ourselves, so the store owner never needs to see this secret.
            webhookSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        // WooCommerce keeps every secret its webhooks may still hold (the rotation may not reach them at once).
        if (store.Platform == Platforms.WooCommerce)
        {
            secrets = WooCommerceWebhookSecrets.Rotate(secrets, webhookSecret, now);
        }

        var rotated = webhookSecret != secrets.WebhookSecret && secrets.WebhookSecret is not null;
        var newCredentials = request.AccessToken is not null || request.ConsumerKey is not null || request.ConsumerSecret is not null;
        var settings = request.Settings is null ? store.Settings : MergeSettings(request.Settings, store.Settings);
        return store with
        {
            Name = request.Name?.Trim() ?? store.Name,
            ShopDomain = StoreValidator.Merge(request.ShopDomain, store.ShopDomain)?.ToLowerInvariant(),
            ApiBaseUrl = StoreValidator.Merge(request.ApiBaseUrl, store.ApiBaseUrl),
            Enabled = request.Enabled ?? store.Enabled,
            DisabledReason = request.Enabled == true ? null : request.Enabled == false ? "disabled by an operator" : store.DisabledReason,
            Attention = newCredentials ? null : store.Attention,
            VoiceId = request.RoboCall is null ? store.VoiceId : StoreValidator.Merge(request.RoboCall.VoiceId, store.VoiceId),
            SmsProvider = request.Sms?.Provider ?? store.SmsProvider,
            SmsFrom = request.Sms is null ? store.SmsFrom : StoreValidator.Merge(request.Sms.From, store.SmsFrom),
            SmsFallbackProvider = request.Sms is null ? store.SmsFallbackProvider : FallbackProvider(StoreValidator.Merge(request.Sms.FallbackProvider, store.SmsFallbackProvider)),
            Settings = settings,
            Secrets = secrets with
            {
                AccessToken = StoreValidator.Merge(request.AccessToken, secrets.AccessToken),
                ConsumerKey = StoreValidator.Merge(request.ConsumerKey, secrets.ConsumerKey),
                ConsumerSecret = StoreValidator.Merge(request.ConsumerSecret, secrets.ConsumerSecret),
                WebhookSecret = webhookSecret,
                PreviousWebhookSecret = rotated ? secrets.WebhookSecret : secrets.PreviousWebhookSecret,
                RoboCallApiKey = StoreValidator.Merge(request.RoboCall?.ApiKey, secrets.RoboCallApiKey),
                SmsApiKey = StoreValidator.Merge(request.Sms?.ApiKey, secrets.SmsApiKey),
                SmsFallbackApiKey = StoreValidator.Merge(request.Sms?.FallbackApiKey, secrets.SmsFallbackApiKey),
            },
        };
    }

    private static StoreSettings MergeSettings(StoreSettings requested, StoreSettings current) => new()
    {
        CallDelay = requested.CallDelay ?? current.CallDelay,
        PollInterval = requested.PollInterval ?? current.PollInterval,
        GiveUpAfter = requested.GiveUpAfter ?? current.GiveUpAfter,
        Reattempts = requested.Reattempts ?? current.Reattempts,
        ReattemptAfter = requested.ReattemptAfter ?? current.ReattemptAfter,
        ReattemptOn = requested.ReattemptOn ?? current.ReattemptOn,
        NoAnswerPolicy = requested.NoAnswerPolicy is null ? current.NoAnswerPolicy : StoreValidator.Merge(requested.NoAnswerPolicy, null),
        CallingHours = requested.CallingHours is null ? current.CallingHours : StoreValidator.Merge(requested.CallingHours, null),
        TimeZone = requested.TimeZone is null ? current.TimeZone : StoreValidator.Merge(requested.TimeZone, null),
        CodGatewayNames = requested.CodGatewayNames ?? current.CodGatewayNames,
        SkipTestOrders = requested.SkipTestOrders ?? current.SkipTestOrders,
        MinAmount = requested.MinAmount ?? current.MinAmount,
        MaxAmount = requested.MaxAmount ?? current.MaxAmount,
        CodPaymentMethods = requested.CodPaymentMethods ?? current.CodPaymentMethods,
        HoldAtIntake = requested.HoldAtIntake ?? current.HoldAtIntake,
        QueryStringAuth = requested.QueryStringAuth ?? current.QueryStringAuth,
        OutcomeStatuses = requested.OutcomeStatuses ?? current.OutcomeStatuses,
        SmsLanguage = requested.SmsLanguage is null ? current.SmsLanguage : StoreValidator.Merge(requested.SmsLanguage, null),
        SmsEvents = requested.SmsEvents ?? current.SmsEvents,
        SmsTemplates = requested.SmsTemplates is null ? current.SmsTemplates : MergeTemplates(requested.SmsTemplates, current.SmsTemplates),
        RoboCallWarnBelow = requested.RoboCallWarnBelow ?? current.RoboCallWarnBelow,
        SmsWarnBelow = requested.SmsWarnBelow ?? current.SmsWarnBelow,
    };

    // Templates are set event by event; "" goes back to the built-in text of that event.
    private static Dictionary<string, string>? MergeTemplates(IReadOnlyDictionary<string, string> requested, IReadOnlyDictionary<string, string>? current)
    {
        var merged = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (smsEvent, template) in requested)
        {
            if (template.Length == 0)
            {
                merged.Remove(smsEvent);
            }
            else
            {
                merged[smsEvent] = template;
            }
        }

        return merged.Count == 0 ? null : merged;
    }

    // "none" and "" both mean no fallback.
    private static string? FallbackProvider(string? provider) => provider is null or SmsProviders.None ? null : provider;

    private static ProblemHttpResult StoreNotFound(long id)
        => TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult ShopDomainTaken(long otherId)
        => TypedResults.Problem(title: "Shop domain already registered", detail: $"Store {otherId} already uses this shop domain.", statusCode: StatusCodes.Status409Conflict);
}
