using System.Globalization;
using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// The claims of the step runners (DueStepRunner): a due call or write-back is taken for a lease (claimed_until, with the
// due time it claimed in claimed_due_at), so another runner (another instance, or a later run) skips it while this one
// works on it, and takes it again when the runner died before the step moved the row on. A transition that gives the
// row a new due time voids the claim by itself. The step stays conditional on the row's state, as it always was; the
// claim only keeps two runners from doing the same work, and due_at stays the row's true due time.
public sealed partial class VerificationRepository
{
    /// At most Limit due rows of the step, oldest first, and of each store at most its room: PerStore less what the
    /// runner already runs of it (Running). Only the Scan oldest due rows are looked at, so a claim never reads a whole
    /// backlog; a store whose rows lie beyond them is reached as the older ones are done.
    public async Task<IReadOnlyList<ClaimedStep>> ClaimDueStepsAsync(string step, StepClaim claim, TimeSpan lease, CancellationToken cancellationToken)
    {
        // Store ids and counts are numbers from our own rows, written out: Npgsql and SQLite take no list parameter alike.
        var full = claim.Running.Where(r => r.Value >= claim.PerStore).Select(r => r.Key.ToString(CultureInfo.InvariantCulture)).ToList();
        var busy = full.Count == 0 ? "" : $"and store_id not in ({string.Join(',', full)})";
        var partly = claim.Running.Where(r => r.Value < claim.PerStore && r.Value > 0).ToList();
        var room = partly.Count == 0
            ? "@perStore"
            : $"case store_id {string.Join(' ', partly.Select(r => string.Create(CultureInfo.InvariantCulture, $"when {r.Key} then {claim.PerStore - r.Value}")))} else @perStore end";
        var skipLocked = database.Kind == DatabaseKind.PostgreSql ? "for update skip locked" : "";
        var now = Now;
        var leaseUntil = now + (long)lease.TotalMilliseconds;
        await using var connection = await database.OpenAsync(cancellationToken);
        // The due check is repeated in the locking select and in the update: under READ COMMITTED a row another runner
        // has just claimed and committed is re-read there, and only those checks (not the window's) see it is taken.
        const string claimable = "step = @step and due_at <= @now and (claimed_until is null or claimed_until <= @now or claimed_due_at <> due_at)";
        var rows = await connection.QueryAsync<ClaimedStep>(new CommandDefinition(
            $"""
            update verifications set claimed_until = @leaseUntil, claimed_due_at = due_at
            where id in (
                select id from verifications
                where {claimable} {busy}
                  and id in (
                    select id from (
                        select id, store_id, row_number() over (partition by store_id order by due_at, id) as place
                        from (select id, store_id, due_at from verifications
                              where {claimable} {busy} order by due_at, id limit @scan) oldest) ranked
                    where place <= {room})
                order by due_at, id
                limit @limit {skipLocked})
              and {claimable}
            returning id, store_id, claimed_until
            """,
            new { step, now, leaseUntil, limit = claim.Limit, perStore = claim.PerStore, scan = StepClaim.Scan },
            cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// Moves a waiting step to a new due time: a write-back that must wait for another run's turn comes back then.
    public async Task<bool> DeferStepAsync(long id, string step, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update verifications set due_at = @dueAt, job_id = null where id = @id and step = @step",
            new { id, step, dueAt = dueAt.ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// Forgets the Hangfire job a step was queued with (before the step runners), unless the row moved on meanwhile.
    public async Task<bool> ForgetJobIdAsync(long id, string step, string expectedJobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update verifications set job_id = null where id = @id and step = @step and job_id = @expectedJobId",
            new { id, step, expectedJobId },
            cancellationToken: cancellationToken)) == 1;
    }
}

/// How much one claim of a step runner may take: Limit rows in all, PerStore of one store less what it already runs
/// of that store (Running, by store id).
public sealed record StepClaim(int Limit, int PerStore, IReadOnlyDictionary<long, int> Running)
{
    public const int Scan = 5000;
}

/// A due step a runner took, and until when (Unix ms) the claim holds it.
public sealed record ClaimedStep(long Id, long StoreId, long ClaimedUntil);
