using System.Collections.Concurrent;

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
}
