using OrderConfirm.Telemetry;

namespace OrderConfirm.Webhooks;

/// Counts every webhook a shop sends (orderconfirm_webhooks_total) by platform, result and reason. The endpoint names
/// the reason of a refusal where its status alone would not tell (a bad signature and an unknown shop are both 401);
/// otherwise the status says it.
public static class WebhookCounts
{
    private const string ReasonKey = "orderconfirm.webhook.reason";

    public static RouteHandlerBuilder Counted(this RouteHandlerBuilder endpoint, string platform)
        => endpoint.AddEndpointFilter(async (context, next) =>
        {
            var metrics = context.HttpContext.RequestServices.GetRequiredService<OrderConfirmMetrics>();
            try
            {
                var result = await next(context);
                var answer = result is INestedHttpResult nested ? nested.Result : result;
                var status = (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
                var reason = context.HttpContext.Items[ReasonKey] as string;
                if (status is >= 200 and < 300)
                {
                    metrics.Webhook(platform, "accepted", reason ?? "none");
                }
                else
                {
                    metrics.Webhook(platform, "refused", reason ?? ReasonOf(status));
                }

                return result;
            }
            catch (Exception) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                metrics.Webhook(platform, "refused", "error");
                throw;
            }
        });

    /// The endpoint's own reason for its answer: signature, unknown_store, headers, ping.
    public static void Because(HttpContext context, string reason) => context.Items[ReasonKey] = reason;

    private static string ReasonOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "malformed",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status404NotFound => "unknown_store",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        _ => "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
