using OrderConfirm.Security;

namespace OrderConfirm.Tests.Security;

public sealed class PlaceholderCredentialsTests
{
    [Theory]
    [InlineData("…")]
    [InlineData("...")]
    [InlineData("shpat_…")]
    [InlineData("shpat_")]
    [InlineData("shpat_xxxxxxxx")]
    [InlineData("ck_…")]
    [InlineData("cs_")]
    [InlineData("changeme")]
    [InlineData("CHANGE_ME")]
    [InlineData("your-key")]
    [InlineData("YOUR_ROBOCALL_KEY")]
    [InlineData("<api key>")]
    [InlineData("secret")]
    public void An_example_value_is_a_placeholder(string value) => Assert.True(PlaceholderCredentials.Is(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("shpat_0123456789abcdef")]
    [InlineData("shpat_test")]
    [InlineData("ck_4f2a9c0b7e")]
    [InlineData("secret-1")]
    [InlineData("b3f1c2d4e5")]
    public void A_real_looking_value_is_not(string? value) => Assert.False(PlaceholderCredentials.Is(value));
}
