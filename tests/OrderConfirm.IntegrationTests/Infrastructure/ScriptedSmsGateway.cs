using System.Collections.Concurrent;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A gateway whose answers the test scripts, for driving the sender's own rules (claims, failover, unknown outcomes)
/// without any one gateway's HTTP details; each real gateway has its own stub and tests.
public sealed class ScriptedSmsGateway(string provider) : ISmsGateway
{
    private readonly ConcurrentQueue<(SmsCredentials Credentials, SmsMessage Message)> _sent = new();

    public string Provider => provider;

    public Func<SmsMessage, Task<SmsSendResult>> Behaviour { get; set; } =
        _ => Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("msg-1", 1, 1.5m, "PKR"));

    public IReadOnlyCollection<(SmsCredentials Credentials, SmsMessage Message)> Sent => _sent;

    public async Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, CancellationToken cancellationToken)
    {
        _sent.Enqueue((credentials, message));
        return await Behaviour(message);
    }

    public Func<SmsBalanceResult> Balance { get; set; } = () => new SmsBalanceResult(true, 100, "PKR", "ok");

    public int BalanceChecks => _balanceChecks;

    private int _balanceChecks;

    public Task<SmsBalanceResult> CheckBalanceAsync(SmsCredentials credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _balanceChecks);
        return Task.FromResult(Balance());
    }
}
