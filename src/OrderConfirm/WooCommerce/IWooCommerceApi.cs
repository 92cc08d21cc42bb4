using Refit;

namespace OrderConfirm.WooCommerce;

// WooCommerce REST API v3, relative to {site}/{WooCommerce:ApiPath}. Credentials travel either as HTTP Basic
// (authorization) or, for hosts that strip that header, as the consumer_key/consumer_secret query parameters; the
// unused ones are null and Refit leaves them out.
public interface IWooCommerceApi
{
    [Get("/orders/{id}")]
    Task<IApiResponse<WooCommerceOrder>> GetOrderAsync(
        long id, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Put("/orders/{id}")]
    Task<IApiResponse<WooCommerceOrder>> UpdateOrderAsync(
        long id, [Body] WooCommerceOrderUpdate update, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Get("/orders/{id}/notes")]
    Task<IApiResponse<List<WooCommerceOrderNote>>> ListNotesAsync(
        long id, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Post("/orders/{id}/notes")]
    Task<IApiResponse<WooCommerceOrderNote>> AddNoteAsync(
        long id, [Body] WooCommerceOrderNoteCreate note, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Get("/orders")]
    Task<IApiResponse<List<WooCommerceOrder>>> ListOrdersAsync(
        [Query] WooCommerceOrderQuery query, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    // The newest order, no filter: a read any working key may do (the connection check).
    [Get("/orders")]
    Task<IApiResponse<List<WooCommerceOrder>>> NewestOrderAsync(
        [AliasAs("per_page")] int perPage, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Get("/webhooks")]
    Task<IApiResponse<List<WooCommerceWebhook>>> ListWebhooksAsync(
        [Query] WooCommerceWebhookQuery query, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Post("/webhooks")]
    Task<IApiResponse<WooCommerceWebhook>> CreateWebhookAsync(
        [Body] WooCommerceWebhookCreate webhook, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Put("/webhooks/{id}")]
    Task<IApiResponse<WooCommerceWebhook>> UpdateWebhookAsync(
        long id, [Body] WooCommerceWebhookUpdate webhook, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);
}
