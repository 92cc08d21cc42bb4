using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Tests.Verification;

/// Dials: who may claim one, what a call id or an answer may change, and what an operator may redo.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task Only_one_of_many_concurrent_dial_claims_wins()
    {
        var id = await NewAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _verifications.BeginDialAsync(id, 1, CancellationToken.None))));

        Assert.Single(claims, won => won is not null);
        var row = await GetAsync(id);
        Assert.Equal(("calling", "dialing"), (row.Status, row.Step));
        Assert.Null(await _verifications.BeginDialAsync(id, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Call_id_is_recorded_only_after_a_dial_began()
    {
        var id = await NewAsync();
        var now = _clock.GetUtcNow();

        Assert.False(await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-1", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.NotNull(await _verifications.BeginDialAsync(id, 1, CancellationToken.None));
        Assert.True(await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-1", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-2", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));

        var row = await GetAsync(id);
        Assert.Equal(("poll", "c-1"), (row.Step, row.CallId));
        Assert.Equal(["received", "dialing", "call-placed"], (await _verifications.TimelineAsync(id, CancellationToken.None)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Due_polls_are_claimed_once_per_lease()
    {
        var id = await PlacedAsync();

        Assert.Empty(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(id, Assert.Single(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None)).Id);
        Assert.Empty(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_dial_needs_attention_and_only_an_operator_redials()
    {
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, 1, CancellationToken.None);

        Assert.False(await _verifications.NeedsAttentionAsync(id, "call", "wrong step", CancellationToken.None));
        Assert.True(await _verifications.NeedsAttentionAsync(id, "dialing", "timed out", CancellationToken.None));
        var stuck = await GetAsync(id);
        Assert.Equal(("needs-attention", "done", "timed out"), (stuck.Status, stuck.Step, stuck.Reason));
        Assert.False(await _verifications.RetryWriteBackAsync(id, CancellationToken.None)); // no outcome to write

        Assert.True(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
        var row = await GetAsync(id);
        Assert.Equal(("pending", "call"), (row.Status, row.Step));
        Assert.Null(row.DialStartedAt);
        Assert.Null(row.CallId);
        Assert.False(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Redial_of_an_unreachable_customer_forgets_the_previous_call()
    {
        var id = await PlacedAsync();
        await _verifications.FinishCallAsync(id, "unreachable", Deciders.Call, 5, null, 3, "no answer", CancellationToken.None);
        Assert.False(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None)); // write-back still due
        await _verifications.CompleteWriteBackAsync(id, await TurnAsync(id), "done", "tagged", CancellationToken.None);

        Assert.True(await _verifications.RedialAsync(id, _clock.GetUtcNow().AddMinutes(5), CancellationToken.None));

        var row = await GetAsync(id);
        Assert.Equal(("pending", "call"), (row.Status, row.Step));
        Assert.Equal((null, null, null, null), (row.CallId, row.Outcome, row.RoboStatus, row.WriteBack));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds(), row.DueAt);
    }

    [Fact]
    public async Task Stop_only_applies_before_the_dial()
    {
        var waiting = await NewAsync();
        var dialing = await NewAsync();
        await _verifications.BeginDialAsync(dialing, 1, CancellationToken.None);

        Assert.True(await _verifications.StopAsync(waiting, "order cancelled", CancellationToken.None));
        Assert.False(await _verifications.StopAsync(dialing, "order cancelled", CancellationToken.None));
        Assert.Equal("skipped", (await GetAsync(waiting)).Status);
    }

    [Fact]
    public async Task Dial_is_never_claimed_for_an_order_the_shop_closed()
    {
        var closed = await NewAsync();
        var open = await NewAsync();
        var closedOrder = (await GetAsync(closed)).OrderId;
        await new ShopOrders(_database, _clock).MarkClosedAsync(_storeId, closedOrder, "cancelled", CancellationToken.None);

        Assert.Null(await _verifications.BeginDialAsync(closed, 1, CancellationToken.None));
        Assert.NotNull(await _verifications.BeginDialAsync(open, 1, CancellationToken.None));
        Assert.Equal(("pending", "call"), ((await GetAsync(closed)).Status, (await GetAsync(closed)).Step));
    }

    [Fact]
    public async Task Late_call_id_resumes_a_stuck_dial_only_while_nobody_acted_on_it()
    {
        var now = _clock.GetUtcNow();
        var stuck = await NewAsync();
        var redialled = await NewAsync();
        foreach (var id in new[] { stuck, redialled })
        {
            await _verifications.BeginDialAsync(id, 1, CancellationToken.None);
            await _verifications.NeedsAttentionAsync(id, "dialing", "stuck", CancellationToken.None);
        }

        await _verifications.RedialAsync(redialled, now, CancellationToken.None);

        Assert.False(await _verifications.RecordCallPlacedAsync(stuck, now, "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.ResumeStuckDialAsync(stuck, now.AddSeconds(-1), "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.True(await _verifications.ResumeStuckDialAsync(stuck, now, "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.ResumeStuckDialAsync(redialled, now, "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));

        var row = await GetAsync(stuck);
        Assert.Equal(("calling", "poll", "c-late", null), (row.Status, row.Step, row.CallId, row.Reason));
        Assert.Equal(now.AddMinutes(1).ToUnixTimeMilliseconds(), row.DueAt);
        Assert.Equal(now.AddHours(4).ToUnixTimeMilliseconds(), row.GiveUpAt);
        Assert.Equal(("pending", "call"), ((await GetAsync(redialled)).Status, (await GetAsync(redialled)).Step));
    }

    [Fact]
    public async Task Answer_to_an_old_dial_never_lands_on_a_newer_one()
    {
        var first = _clock.GetUtcNow();
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, 1, CancellationToken.None);
        await _verifications.NeedsAttentionAsync(id, "dialing", "stuck", CancellationToken.None);
        await _verifications.RedialAsync(id, first, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(3));
        var second = _clock.GetUtcNow();
        await _verifications.BeginDialAsync(id, 1, CancellationToken.None);

        Assert.False(await _verifications.RecordCallPlacedAsync(id, first, "c-old", second, second.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.ReturnToPendingAsync(id, first, second, "not placed", CancellationToken.None));
        Assert.False(await _verifications.DialNeedsAttentionAsync(id, first, "unknown", CancellationToken.None));
        Assert.True(await _verifications.RecordCallPlacedAsync(id, second, "c-new", second, second.AddHours(4), CancellationToken.None));
        Assert.Equal("c-new", (await GetAsync(id)).CallId);
    }

    [Fact]
    public async Task Call_failures_are_counted_once_each_and_reset_when_the_dial_begins()
    {
        var id = await NewAsync();
        var later = _clock.GetUtcNow().AddMinutes(1);

        Assert.True(await _verifications.RetryCallAfterFailureAsync(id, 0, "NpgsqlException", later, "failed", CancellationToken.None));
        Assert.False(await _verifications.RetryCallAfterFailureAsync(id, 0, "NpgsqlException", later, "failed", CancellationToken.None));
        Assert.True(await _verifications.RetryCallAfterFailureAsync(id, 1, "InvalidOperationException", later, "failed", CancellationToken.None));
        var failing = await GetAsync(id);
        Assert.Equal((2, "InvalidOperationException", later.ToUnixTimeMilliseconds()), (failing.CallFailures, failing.LastCallError, failing.DueAt));

        Assert.NotNull(await _verifications.BeginDialAsync(id, 1, CancellationToken.None));
        Assert.Equal((0, null), ((await GetAsync(id)).CallFailures, (await GetAsync(id)).LastCallError));

        var other = await NewAsync();
        Assert.True(await _verifications.GiveUpCallAfterFailuresAsync(other, 0, "CryptographicException", "gave up", CancellationToken.None));
        var given = await GetAsync(other);
        Assert.Equal(("needs-attention", "done", "gave up", 1), (given.Status, given.Step, given.Reason, given.CallFailures));
        Assert.True(await _verifications.RedialAsync(other, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(0, (await GetAsync(other)).CallFailures);
    }
}
