namespace OrderConfirm.Tests.Verification;

/// The timeline stays readable and small when the same thing happens again and again.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task A_call_postponed_again_for_the_same_reason_is_one_entry_counted_and_a_new_reason_is_a_new_entry()
    {
        var (order, _) = await _verifications.CreateAsync(Order("2001"), CancellationToken.None);
        var first = _clock.GetUtcNow();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await _verifications.PostponeCallAsync(order.Id, _clock.GetUtcNow().AddMinutes(15), "postponed", $"The Robo Call account is out of balance; call postponed to 10:{15 * (i + 1)} PKT", CancellationToken.None));
            _clock.Advance(TimeSpan.FromMinutes(15));
        }

        await _verifications.PostponeCallAsync(order.Id, _clock.GetUtcNow().AddHours(1), "postponed", "Outside calling hours (09:00-21:00, Asia/Karachi); call moved to 09:00 PKT", CancellationToken.None);

        var timeline = await _verifications.TimelineAsync(order.Id, CancellationToken.None);
        Assert.Equal(["received", "postponed", "postponed"], timeline.Select(e => e.Kind));
        var balance = timeline[1];
        Assert.Equal("The Robo Call account is out of balance; call postponed to 10:60 PKT", balance.Message);
        Assert.Equal(3, balance.Repeats);
        Assert.Equal(first.ToUnixTimeMilliseconds(), balance.FirstAt);
        Assert.Equal(first.AddMinutes(45).ToUnixTimeMilliseconds(), balance.At);
        Assert.Equal((0, (long?)null), (timeline[2].Repeats, timeline[2].FirstAt));
    }
}
