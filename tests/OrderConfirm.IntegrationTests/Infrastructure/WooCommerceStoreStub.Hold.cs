namespace OrderConfirm.IntegrationTests.Infrastructure;

public sealed partial class WooCommerceStoreStub
{
    private readonly List<(Func<WooCommerceShopRequest, bool> Matches, HeldRequest Hold)> _holds = [];

    /// The first request that matches waits before the store starts on it, until the test releases it.
    public HeldRequest HoldNext(Func<WooCommerceShopRequest, bool> matches)
    {
        var hold = new HeldRequest();
        lock (_gate)
        {
            _holds.Add((matches, hold));
        }

        return hold;
    }

    private Task WaitIfHeldAsync(WooCommerceShopRequest request)
    {
        lock (_gate)
        {
            var index = _holds.FindIndex(h => h.Matches(request));
            if (index < 0)
            {
                return Task.CompletedTask;
            }

            var hold = _holds[index].Hold;
            _holds.RemoveAt(index);
            return hold.HoldAsync();
        }
    }
}
