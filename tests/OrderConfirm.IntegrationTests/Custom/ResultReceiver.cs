using System.Globalization;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Custom;

/// A custom shop's result webhook endpoint on 127.0.0.1: answers each POST to /hooks with the statuses given, in turn
/// (the last one from then on), after the delay given.
public sealed class ResultReceiver : IDisposable
{
    public const string Path = "/hooks/orderconfirm";

    public ResultReceiver(TimeSpan? delay = null, params int[] statuses)
    {
        statuses = statuses.Length == 0 ? [200] : statuses;
        var scenario = $"answers-{Guid.NewGuid():N}";
        for (var i = 0; i < statuses.Length; i++)
        {
            var mapping = Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs(Turn(i));
            }

            var response = Response.Create().WithStatusCode(statuses[i]).WithBody("ok");
            mapping.WillSetStateTo(Turn(Math.Min(i + 1, statuses.Length - 1))).RespondWith(delay is { } wait ? response.WithDelay(wait) : response);
        }
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url!.Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + Path;

    public IReadOnlyList<IRequestMessage> Requests() => [.. Server.LogEntries.Select(e => e.RequestMessage!).Where(r => r.Path == Path)];

    public async Task<IReadOnlyList<IRequestMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Requests().Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Requests();
    }

    public void Dispose() => Server.Stop();

    private static string Turn(int index) => index.ToString(CultureInfo.InvariantCulture);
}
