using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Stores;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A webhook platform ("test") whose handler does what the test scripts per body, for driving the processor itself:
/// slow handlers, failures, a database that goes away in the middle of a batch.
public sealed class ScriptedWebhookHandler : IWebhookHandler
{
    public const string Name = "test";

    private readonly ConcurrentQueue<string> _calls = new();

    public Func<string, CancellationToken, Task<string>> Behaviour { get; set; } = (_, _) => Task.FromResult("applied");

    // The order a body concerns, for the processor's lanes; by default none (each store's deliveries one at a time).
    public Func<string, string?> KeyOf { get; set; } = _ => null;

    public IReadOnlyCollection<string> Calls => _calls;

    public string? OrderKeyOf(string topic, string body) => KeyOf(body);

    public int CallsFor(string body) => _calls.Count(c => c == body);

    public Task<string> HandleAsync(Store store, string topic, string body, CancellationToken cancellationToken)
    {
        _calls.Enqueue(body);
        return Behaviour(body, cancellationToken);
    }

    /// Stores deliveries for this platform through the real inbox, as if they had arrived signed.
    public static async Task StoreAsync(OrderConfirmApp app, long storeId, params string[] bodies)
    {
        var inbox = app.Services.GetRequiredService<WebhookInbox>();
        foreach (var body in bodies)
        {
            await inbox.StoreAsync(new InboundDelivery(Name, $"test-{Guid.NewGuid():N}", storeId, "test/topic", Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        }
    }
}
