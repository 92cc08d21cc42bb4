using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// The step runners' claims: a due row is taken by one runner at a time, each store within its room, and given back
/// when the runner died (its lease ran out).
public sealed partial class VerificationRepositoryTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<long, int> NoneRunning = [];

    [Fact]
    public async Task A_due_call_is_claimed_once_until_its_lease_runs_out()
    {
        var id = await NewAsync();
        var later = await NewAsync(dueIn: TimeSpan.FromMinutes(10));

        var first = await ClaimAsync(VerificationStep.Call, 10);
        var second = await ClaimAsync(VerificationStep.Call, 10);

        Assert.Equal([id], first.Select(c => c.Id));
        Assert.Equal((_clock.GetUtcNow() + Lease).ToUnixTimeMilliseconds(), first[0].ClaimedUntil);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), (await GetAsync(id)).DueAt); // the true due time stays
        Assert.Empty(second);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal([id], (await ClaimAsync(VerificationStep.Call, 10)).Select(c => c.Id));
        Assert.DoesNotContain(later, (await ClaimAsync(VerificationStep.Call, 10)).Select(c => c.Id));
    }

    [Fact]
    public async Task Concurrent_claims_never_take_the_same_row()
    {
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await NewAsync());
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ClaimAsync(VerificationStep.Call, 10))));

        var taken = claims.SelectMany(c => c).Select(c => c.Id).ToList();
        Assert.Equal(taken.Count, taken.Distinct().Count());
        Assert.Equal(ids.Order(), taken.Order());
    }

    [Fact]
    public async Task A_claim_takes_rows_of_its_own_step_only()
    {
        var calling = await NewAsync();
        var placed = await PlacedAsync();
        await _verifications.FinishCallAsync(placed, "confirmed", Deciders.Call, 2, 1, 0, "pressed 1", CancellationToken.None);

        Assert.Equal([placed], (await ClaimAsync(VerificationStep.Apply, 10)).Select(c => c.Id));
        Assert.Equal([calling], (await ClaimAsync(VerificationStep.Call, 10)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_claim_gives_each_store_no_more_than_its_room()
    {
        var other = await new StoreRepository(_database, _protector, _clock).InsertAsync(new Store { Id = 0, Name = "Karachi Kurta", Platform = "custom" }, CancellationToken.None);
        var first = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            first.Add(await NewAsync());
        }

        var second = (await _verifications.CreateAsync(Order("k1") with { StoreId = other.Id }, CancellationToken.None)).Record.Id;

        // The first store already runs one of its own: its room is 3 - 1 = 2; the other store's is the whole 3.
        var claimed = await _verifications.ClaimDueStepsAsync(VerificationStep.Call, new StepClaim(10, 3, new Dictionary<long, int> { [_storeId] = 1 }), Lease, CancellationToken.None);
        Assert.Equal([first[0], first[1], second], claimed.Select(c => c.Id));

        // A store at its limit gets nothing.
        var full = await _verifications.ClaimDueStepsAsync(VerificationStep.Call, new StepClaim(10, 3, new Dictionary<long, int> { [_storeId] = 3 }), Lease, CancellationToken.None);
        Assert.Empty(full);
        Assert.Equal(4, (await ClaimAsync(VerificationStep.Call, 10, perStore: 4)).Count);
    }

    // A claimed call postponed (here: deferred) to a new time is free at that time, not only when the claim runs out.
    [Fact]
    public async Task A_deferred_step_is_due_again_at_its_new_time()
    {
        var id = await NewAsync();
        Assert.Single(await ClaimAsync(VerificationStep.Call, 10));

        Assert.True(await _verifications.DeferStepAsync(id, VerificationStep.Call, _clock.GetUtcNow().AddSeconds(5), CancellationToken.None));
        Assert.False(await _verifications.DeferStepAsync(id, VerificationStep.Apply, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Empty(await ClaimAsync(VerificationStep.Call, 10));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(await ClaimAsync(VerificationStep.Call, 10));
    }

    [Fact]
    public async Task A_row_forgets_its_old_job_only_while_it_still_names_that_job_in_that_step()
    {
        var id = await NewAsync();
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"update verifications set job_id = 'job-7' where id = {id}";
            await command.ExecuteNonQueryAsync();
        }

        Assert.False(await _verifications.ForgetJobIdAsync(id, VerificationStep.Call, "job-8", CancellationToken.None));
        Assert.False(await _verifications.ForgetJobIdAsync(id, VerificationStep.Apply, "job-7", CancellationToken.None));
        Assert.True(await _verifications.ForgetJobIdAsync(id, VerificationStep.Call, "job-7", CancellationToken.None));
        Assert.Null((await GetAsync(id)).JobId);
    }

    private Task<IReadOnlyList<ClaimedStep>> ClaimAsync(string step, int limit, int perStore = 100)
        => _verifications.ClaimDueStepsAsync(step, new StepClaim(limit, perStore, NoneRunning), Lease, CancellationToken.None);
}
