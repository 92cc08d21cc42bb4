using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderConfirm.DemoShop;
using OrderConfirm.Verification;

namespace OrderConfirm.Sandbox;

/// POST /sandbox/orders: a customer checks out at the demo shop. The body is optional ({ phone, amount, name }); its
/// Content-Type is not insisted on, so the one-line curl of the docs works as typed. The phone's last digit decides the
/// simulated call (SimulatedCallRule).
public static class SandboxOrdersEndpoint
{
    public const string DefaultPhone = "0300-1234561";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static void Map(RouteGroupBuilder sandbox) => sandbox.MapPost("/orders", PlaceAsync);

    private static async Task<IResult> PlaceAsync(
        HttpRequest request, SandboxStore sandboxStore, DemoShopCheckout checkout, VerificationRepository verifications, CancellationToken cancellationToken)
    {
        DemoOrderRequest? order;
        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(cancellationToken);
            order = string.IsNullOrWhiteSpace(text) ? new DemoOrderRequest() : JsonSerializer.Deserialize<DemoOrderRequest>(text, Json);
        }
        catch (JsonException e)
        {
            return Results.Problem(
                title: "The demo order is not valid",
                detail: $"The body must be empty or a JSON object with phone, amount and name ({e.Message}).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        order ??= new DemoOrderRequest();
        if (order.Amount is <= 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = ["The amount must be more than 0, e.g. 4999."] });
        }

        var phone = string.IsNullOrWhiteSpace(order.Phone) ? DefaultPhone : order.Phone.Trim();
        var store = await sandboxStore.EnsureAsync(cancellationToken);
        var placed = await checkout.PlaceAsync(store.Id, order.Amount ?? 4999m, "PKR", phone, string.IsNullOrWhiteSpace(order.Name) ? "Ayesha Khan" : order.Name.Trim(), cancellationToken);

        // The delivery is processed in the background, usually within milliseconds; the answer names its verification
        // when it is there by then.
        var orderId = placed.Id.ToString(CultureInfo.InvariantCulture);
        VerificationRecord? verification = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(5); verification is null && DateTime.UtcNow < deadline;)
        {
            verification = await verifications.FindByOrderAsync(store.Id, orderId, cancellationToken);
            if (verification is null)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        var expect = PakistaniMobile.TryNormalize(phone, out var normalized)
            ? SimulatedCallRule.For(normalized)
            : "invalid-phone: not a Pakistani mobile number, so nobody is called";
        return Results.Created(
            $"{DemoShopApi.Root}/orders",
            new DemoOrderResponse(placed, expect, verification?.Id, verification is null ? null : $"/api/verifications/{verification.Id}"));
    }
}

public sealed record DemoOrderRequest
{
    public string? Phone { get; init; }

    public decimal? Amount { get; init; }

    public string? Name { get; init; }
}

/// The order as the demo shop took it, what its call will do, and its verification in the admin API.
public sealed record DemoOrderResponse(DemoShopOrder Order, string Expect, long? VerificationId, string? Verification);
