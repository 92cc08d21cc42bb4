using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderConfirm.Shopify;

// The REST-shaped order in orders/create, orders/updated and orders/cancelled bodies; only what verification needs.
public sealed record ShopifyOrderPayload
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public long Id { get; init; }

    public string? Name { get; init; }

    public bool Test { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? FulfillmentStatus { get; init; }

    public string? Gateway { get; init; }

    public IReadOnlyList<string>? PaymentGatewayNames { get; init; }

    public string? TotalPrice { get; init; }

    public string? Currency { get; init; }

    public string? PresentmentCurrency { get; init; }

    public ShopifyPriceSet? TotalPriceSet { get; init; }

    public string? Phone { get; init; }

    public ShopifyAddress? ShippingAddress { get; init; }

    public ShopifyAddress? BillingAddress { get; init; }

    public ShopifyCustomer? Customer { get; init; }
}

public sealed record ShopifyPriceSet(ShopifyMoney? ShopMoney, ShopifyMoney? PresentmentMoney);

public sealed record ShopifyMoney(string? Amount, string? CurrencyCode);

public sealed record ShopifyAddress(string? Name, string? FirstName, string? LastName, string? Phone);

public sealed record ShopifyCustomer(long? Id, string? FirstName, string? LastName, string? Phone);

// customers/redact: { shop_id, shop_domain, customer: { id, email, phone }, orders_to_redact: [ … ] }
public sealed record ShopifyCustomerRedact(ShopifyCustomer? Customer, IReadOnlyList<long>? OrdersToRedact);

// customers/data_request: { …, customer: { … }, orders_requested: [ … ], data_request: { id } }
public sealed record ShopifyDataRequest(ShopifyCustomer? Customer, IReadOnlyList<long>? OrdersRequested, ShopifyDataRequestId? DataRequest);

public sealed record ShopifyDataRequestId(long? Id);
