namespace OrderConfirm.Tests.Verification;

/// Intake answers with the row it created, whatever happens to the row after.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task A_new_verification_is_returned_as_created_even_when_another_instance_dials_it_at_once()
    {
        // Another instance's step runner claims a due row the moment it is committed and starts its call. The trigger
        // plays that instance, inside the insert: a read of the row after the insert sees "calling".
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "create trigger another_instance_dials after insert on verifications begin update verifications set status = 'calling', step = 'poll' where id = new.id; end";
            await command.ExecuteNonQueryAsync();
        }

        var (created, isNew) = await _verifications.CreateAsync(Order("3001"), CancellationToken.None);

        Assert.True(isNew);
        // The intake tags (Shopify) or holds (WooCommerce) only a verification it created pending: it must see pending.
        Assert.Equal(("pending", "call"), (created.Status, created.Step));
        Assert.Equal("calling", (await GetAsync(created.Id)).Status);
    }
}
