using System.Globalization;
using System.Net;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.DemoShop;

/// The service's client of the demo shop's API, with the store's access token, answering as every shop client does
/// (ShopAnswer). Reads and the outcome write are safe to repeat, so the HTTP client retries them (SafeRetries).
public sealed class DemoShopClient(IHttpClientFactory httpClients)
{
    public const string Name = "demo-shop";

    /// On the service itself: the sandbox sends SelfCalls.Host to the service's own address (SelfCallHandler).
    public static readonly Uri BaseAddress = new(SelfCalls.Url(DemoShopApi.Root + "/api/"));

    public Task<ShopAnswer<DemoShopOrder>> GetOrderAsync(Store store, long orderId, CancellationToken cancellationToken)
        => SendAsync(store, new HttpRequestMessage(HttpMethod.Get, Path(orderId)), cancellationToken);

    public Task<ShopAnswer<DemoShopOrder>> WriteOutcomeAsync(Store store, long orderId, DemoShopOutcome outcome, CancellationToken cancellationToken)
        => SendAsync(store, new HttpRequestMessage(HttpMethod.Post, Path(orderId) + "/outcome") { Content = JsonContent.Create(outcome) }, cancellationToken);

    private static string Path(long orderId) => string.Create(CultureInfo.InvariantCulture, $"orders/{orderId}");

    private async Task<ShopAnswer<DemoShopOrder>> SendAsync(Store store, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Authorization = new("Bearer", store.Secrets.AccessToken ?? "");
            try
            {
                using var response = await httpClients.CreateClient(Name).SendAsync(request, cancellationToken);
                return response.StatusCode switch
                {
                    HttpStatusCode.OK => await response.Content.ReadFromJsonAsync<DemoShopOrder>(cancellationToken) is { } order
                        ? new ShopAnswer<DemoShopOrder>.Ok(order)
                        : new ShopAnswer<DemoShopOrder>.Failed("the demo shop answered without an order"),
                    HttpStatusCode.NotFound => new ShopAnswer<DemoShopOrder>.NotFound("order_not_found"),
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ShopAnswer<DemoShopOrder>.Refused("the demo shop refused the store's access token"),
                    HttpStatusCode.Conflict => new ShopAnswer<DemoShopOrder>.Failed("the order was cancelled by the merchant"),
                    HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => new ShopAnswer<DemoShopOrder>.TryLater($"HTTP {(int)response.StatusCode}"),
                    _ => new ShopAnswer<DemoShopOrder>.Failed($"HTTP {(int)response.StatusCode}"),
                };
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return new ShopAnswer<DemoShopOrder>.TryLater(e.GetType().Name);
            }
        }
    }
}
