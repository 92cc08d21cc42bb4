using OrderConfirm.StoreUsers;

namespace OrderConfirm.Tests.StoreUsers;

public sealed class StoreUserRulesTests
{
    [Theory]
    [InlineData("owner@lahore-lawn.pk")]
    [InlineData("ayesha.khan+shop@example.com")]
    public void An_address_of_the_usual_shape_is_accepted(string email)
        => Assert.Null(StoreUserRules.EmailProblem(StoreUserRules.Normalize(email)));

    [Theory]
    [InlineData("")]
    [InlineData("owner")]
    [InlineData("owner@")]
    [InlineData("@lahore-lawn.pk")]
    [InlineData("owner@localhost")]
    [InlineData("a@b@lahore-lawn.pk")]
    [InlineData("Owner <owner@lahore-lawn.pk>")]
    [InlineData("own er@lahore-lawn.pk")]
    [InlineData("owner@lahore-lawn.pk, other@lahore-lawn.pk")]
    public void Anything_but_one_address_is_refused(string email)
        => Assert.NotNull(StoreUserRules.EmailProblem(StoreUserRules.Normalize(email)));

    [Fact]
    public void The_email_is_stored_trimmed_and_lower_cased()
        => Assert.Equal("owner@lahore-lawn.pk", StoreUserRules.Normalize("  Owner@Lahore-Lawn.PK\t"));

    [Theory]
    [InlineData("short-pass1", false)]
    [InlineData("twelve-chars", true)]
    [InlineData("my-OWNER-password-1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_password_has_12_to_128_characters_and_not_the_emails_name(string? password, bool accepted)
        => Assert.Equal(accepted, StoreUserRules.PasswordProblem(password, "owner@lahore-lawn.pk") is null);

    [Fact]
    public void A_password_over_128_characters_is_refused_and_the_problem_does_not_repeat_it()
    {
        var password = new string('x', 129);

        var problem = StoreUserRules.PasswordProblem(password, "owner@lahore-lawn.pk");

        Assert.NotNull(problem);
        Assert.DoesNotContain(password, problem, StringComparison.Ordinal);
        Assert.Null(StoreUserRules.PasswordProblem(new string('x', 128), "owner@lahore-lawn.pk"));
    }
}
