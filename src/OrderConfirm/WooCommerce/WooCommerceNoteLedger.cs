using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.WooCommerce;

/// The outcome notes we posted (woocommerce_notes), by the note's marker. Claimed before the POST, marked posted after
/// WooCommerce answered with the note: so a write-back that runs again adds no second note without listing the notes
/// first, and only a claim whose POST has an unknown fate (a crash or a timeout between the two) makes it list them.
public sealed class WooCommerceNoteLedger(Database database, TimeProvider clock)
{
    public async Task<WooCommerceNoteState> StateAsync(long verificationId, string marker, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // No row: null; claimed only: 0; posted: its time.
        var postedAt = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select coalesce(posted_at, 0) from woocommerce_notes where verification_id = @verificationId and marker = @marker",
            new { verificationId, marker },
            cancellationToken: cancellationToken));
        return postedAt switch
        {
            null => WooCommerceNoteState.NotPosted,
            0 => WooCommerceNoteState.Unknown,
            _ => WooCommerceNoteState.Posted,
        };
    }

    // Before the POST: from now on a run that finds this row without posted_at does not know whether the note exists.
    public async Task ClaimAsync(long verificationId, string marker, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into woocommerce_notes (verification_id, marker, claimed_at) values (@verificationId, @marker, @now)
            on conflict (verification_id, marker) do nothing
            """,
            new { verificationId, marker, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    // WooCommerce answered with the note, or the note was found among the order's notes.
    public async Task MarkPostedAsync(long verificationId, string marker, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into woocommerce_notes (verification_id, marker, claimed_at, posted_at) values (@verificationId, @marker, @now, @now)
            on conflict (verification_id, marker) do update set posted_at = @now
            """,
            new { verificationId, marker, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }
}

public enum WooCommerceNoteState
{
    // Never claimed: no POST was sent for it.
    NotPosted,

    // Claimed, but no answer was recorded: the note may or may not be on the order.
    Unknown,

    // WooCommerce has it.
    Posted,
}
