using Refit;

namespace OrderConfirm.WooCommerce;

// WooCommerce REST API v3, relative to {site}/{WooCommerce:ApiPath}. Credentials travel either as HTTP Basic
// (authorization) or, for hosts that strip that header, as the consumer_key/consumer_secret query parameters; the
// unused ones are null and Refit leaves them out.
public interface IWooCommerceApi
{
    [Get("/orders/{id}")]
    Task<IApiResponse<WooOrder>> GetOrderAsync(
        long id, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Put("/orders/{id}")]
    Task<IApiResponse<WooOrder>> UpdateOrderAsync(
        long id, [Body] WooOrderUpdate update, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Get("/orders/{id}/notes")]
    Task<IApiResponse<List<WooOrderNote>>> ListNotesAsync(
        long id, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Post("/orders/{id}/notes")]
    Task<IApiResponse<WooOrderNote>> AddNoteAsync(
        long id, [Body] WooOrderNoteCreate note, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Get("/orders")]
    Task<IApiResponse<List<WooOrder>>> ListOrdersAsync(
        [Query] WooOrderQuery query, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Get("/webhooks")]
    Task<IApiResponse<List<WooWebhook>>> ListWebhooksAsync(
        [Query] WooWebhookQuery query, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Post("/webhooks")]
    Task<IApiResponse<WooWebhook>> CreateWebhookAsync(
        [Body] WooWebhookCreate webhook, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);

    [Put("/webhooks/{id}")]
    Task<IApiResponse<WooWebhook>> UpdateWebhookAsync(
        long id, [Body] WooWebhookUpdate webhook, [Header("Authorization")] string? authorization, [AliasAs("consumer_key")] string? consumerKey, [AliasAs("consumer_secret")] string? consumerSecret, CancellationToken cancellationToken);
}
