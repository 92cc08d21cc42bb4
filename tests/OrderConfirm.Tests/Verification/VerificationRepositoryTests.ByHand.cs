using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// A decision by hand (an operator or a store owner marks the outcome): it lands only where no answer of the
/// customer stands and no call runs, and the pages' buttons (VerificationActionRules.CanDecide) follow the same rule.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task A_decision_by_hand_lands_only_where_no_answer_of_the_customer_stands_and_no_call_runs()
    {
        var cases = new List<(string Name, long Id, bool Lands)>
        {
            ("waiting for its call", await NewAsync(), true),
            ("dialling", await DialingAsync(), false),
            ("on the call", await PlacedAsync(), false),
            ("confirmed on the call", await FinishedAsync("confirmed"), false),
            ("cancelled on the call", await FinishedAsync("cancelled"), false),
            ("unreachable", await FinishedAsync("unreachable"), true),
            ("no input", await FinishedAsync("no-input"), true),
            ("asked for a call back", await FinishedAsync("callback"), true),
            ("a failed write-back of a confirmation", await FailedWriteBackAsync("confirmed"), false),
            ("a failed write-back of a callback", await FailedWriteBackAsync("callback"), true),
            ("stopped", await StoppedAsync(), false),
            ("closed by the shop", await ClosedByTheShopAsync(), false),
        };

        foreach (var (name, id, lands) in cases)
        {
            var before = await GetAsync(id);
            var decided = await _verifications.DecideByHandAsync(id, "cancelled", Deciders.Owner, "Marked cancelled by hand by the store owner (login 3)", CancellationToken.None);
            var after = await GetAsync(id);

            Assert.True(lands == decided, $"{name}: expected the decision to {(lands ? "land" : "be refused")}");
            if (name != "closed by the shop")
            {
                Assert.True(lands == VerificationActionRules.CanDecide(before), $"{name}: the page's button disagrees with the rule");
            }

            if (lands)
            {
                Assert.Equal(("cancelled", "cancelled", "apply", "owner", "pending"), (after.Status, after.Outcome, after.Step, after.DecidedBy, after.WriteBack));
                Assert.Equal("Marked cancelled by hand by the store owner (login 3)", (await _verifications.TimelineAsync(id, CancellationToken.None))[^1].Message);
            }
            else
            {
                Assert.Equal((before.Status, before.Outcome, before.Step, before.DecidedBy), (after.Status, after.Outcome, after.Step, after.DecidedBy));
            }
        }
    }

    [Fact]
    public async Task A_stop_records_who_stopped_it()
    {
        var byOwner = await NewAsync();
        var byOperator = await NewAsync();

        Assert.True(await _verifications.StopByHandAsync(byOwner, Deciders.Owner, "Stopped by the store owner (login 3) before the call", CancellationToken.None));
        Assert.True(await _verifications.StopByHandAsync(byOperator, Deciders.Operator, "Stopped by an operator before the call", CancellationToken.None));

        Assert.Equal(("skipped", "owner"), ((await GetAsync(byOwner)).Status, (await GetAsync(byOwner)).DecidedBy));
        Assert.Equal(("skipped", "operator"), ((await GetAsync(byOperator)).Status, (await GetAsync(byOperator)).DecidedBy));
    }

    private async Task<long> DialingAsync()
    {
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, 1, CancellationToken.None);
        return id;
    }

    private async Task<long> FinishedAsync(string outcome)
    {
        var id = await PlacedAsync();
        Assert.True(await _verifications.FinishCallAsync(id, outcome, Deciders.Call, 2, null, 0, outcome, CancellationToken.None));
        return id;
    }

    private async Task<long> FailedWriteBackAsync(string outcome)
    {
        var id = await FinishedAsync(outcome);
        Assert.True(await _verifications.FailWriteBackAsync(id, await TurnAsync(id), "token revoked", CancellationToken.None));
        return id;
    }

    private async Task<long> StoppedAsync()
    {
        var id = await NewAsync();
        Assert.True(await _verifications.StopByHandAsync(id, Deciders.Operator, "Stopped by an operator before the call", CancellationToken.None));
        return id;
    }

    // Still waiting for its call, but the shop has closed the order (the close recorded, the stop not yet run).
    private async Task<long> ClosedByTheShopAsync()
    {
        var id = await NewAsync();
        var order = await GetAsync(id);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"insert into shop_orders (store_id, order_id, closed_reason, updated_at) values ({order.StoreId}, '{order.OrderId}', 'cancelled', 0)";
        await command.ExecuteNonQueryAsync();
        return id;
    }
}
