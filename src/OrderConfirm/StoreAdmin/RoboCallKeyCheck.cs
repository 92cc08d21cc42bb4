using OrderConfirm.RoboCall;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreAdmin;

/// Asks Robo Call (user_verify) whether a store's new key works, so a typo is a 400 now rather than a failed call
/// later. If Robo Call cannot be asked in a few seconds the key is accepted; the first dial will tell.
public sealed class RoboCallKeyCheck(RoboCallClient roboCall)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public async Task AddErrorIfRejectedAsync(string? apiKey, StoreErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || errors.Count > 0)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        try
        {
            if (await roboCall.VerifyKeyAsync(apiKey.Trim(), timeout.Token) == false)
            {
                errors.Add("roboCall.apiKey", "Robo Call does not accept this API key (user_verify answered 'API Key not matched').");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Robo Call is slow or down: not the store owner's fault.
        }
    }
}
