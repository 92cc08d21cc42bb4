using Microsoft.Extensions.Http.Resilience;
using OrderConfirm.Security;
using Polly;

namespace OrderConfirm.Toolkit;

/// The resilience pipeline of clients whose requests are safe to repeat (Robo Call status reads, Shopify Admin API):
/// a total timeout, retries with jittered exponential backoff that honour Retry-After, and a per-attempt timeout.
/// Deliberately no circuit breaker: the standard handler's breaker is shared by every key and store of a client and
/// opens at a 10 % failure ratio, so a provider failing a quarter of its requests at random kept it open and reads
/// that a retry would have carried were never sent. The load these clients put on a provider is already bounded
/// (batched, bounded-parallel polls; Shopify's per-store cost bucket), so a breaker buys little and costs outcomes.
public static class SafeRetries
{
    public static IHttpClientBuilder AddSafeRetries(this IHttpClientBuilder builder, string pipelineName, Func<IServiceProvider, RetrySettings> settings)
    {
        builder.AddResilienceHandler(pipelineName, (pipeline, context) =>
        {
            var retry = settings(context.ServiceProvider);
            pipeline.AddTimeout(retry.TotalTimeout);

            // Polly refuses a retry strategy with no retries; a setting of 0 (Sms:Robase:MaxRetries allows it) means one attempt.
            if (retry.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = retry.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retry.FirstDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, retry, args.Context.CancellationToken)),
                });
            }

            pipeline.AddTimeout(retry.AttemptTimeout);
        });
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, RetrySettings settings, CancellationToken cancellationToken)
    {
        // Refused for where it would go (ShopConnector): every retry would be refused the same way.
        if (ShopAddressRefusedException.In(outcome.Exception) is not null)
        {
            return false;
        }

        if (outcome.Result is { } response)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && !settings.RetryTooManyRequests)
            {
                return false;
            }

            // A wait longer than a request may take is the caller's to schedule: Polly would sleep into the total
            // timeout and turn the provider's answer into a timeout.
            var retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow);
            if (retryAfter > settings.MaxRetryAfter)
            {
                return false;
            }
        }

        return HttpClientResiliencePredicates.IsTransient(outcome, cancellationToken);
    }
}

/// RetryTooManyRequests: whether a 429 is retried here at all; MaxRetryAfter: the longest Retry-After still waited out
/// inside the request.
public sealed record RetrySettings(TimeSpan AttemptTimeout, TimeSpan TotalTimeout, int MaxRetries, TimeSpan FirstDelay, bool RetryTooManyRequests, TimeSpan MaxRetryAfter);
