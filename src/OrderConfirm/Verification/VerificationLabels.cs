using System.Collections.Concurrent;
using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// "#1001 · Lahore Lawn" for the dashboard's job names; cached because the dashboard renders many jobs per page.
public sealed class VerificationLabels(IServiceScopeFactory scopes)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<long, string> _cache = new();

    public string For(long verificationId)
    {
        if (_cache.TryGetValue(verificationId, out var label))
        {
            return label;
        }

        using var scope = scopes.CreateScope();
        var repository = scope.ServiceProvider.GetRequiredService<VerificationRepository>();
        // The dashboard asks synchronously (JobDisplayNameAttribute.Format); this runs on a request thread with no sync context.
        if (repository.LabelAsync(verificationId, CancellationToken.None).GetAwaiter().GetResult() is not { } found)
        {
            return $"verification {verificationId}";
        }

        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        label = $"{found.OrderName} · {found.StoreName}";
        _cache[verificationId] = label;
        return label;
    }

    // "attempt 2 of 3" from the second attempt on, else null. Not cached: the attempt moves on while the job list shows.
    public string? AttemptOf(long verificationId)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var verification = services.GetRequiredService<VerificationRepository>().GetAsync(verificationId, CancellationToken.None).GetAwaiter().GetResult();
        if (verification is not { Attempt: >= 2 })
        {
            return null;
        }

        var store = services.GetRequiredService<StoreRepository>().GetAsync(verification.StoreId, CancellationToken.None).GetAwaiter().GetResult();
        var total = store is null ? verification.Attempt : Math.Max(verification.Attempt, services.GetRequiredService<CallPolicyResolver>().For(store).NoAnswer.TotalAttempts);
        return $"attempt {verification.Attempt} of {total}";
    }
}
