using OrderConfirm.Sandbox;

namespace OrderConfirm.Tests.Sandbox;

public sealed class SandboxSwitchTests
{
    [Theory]
    [InlineData(new[] { "--sandbox" }, new[] { "--Sandbox:Enabled=true" })]
    [InlineData(new[] { "--sandbox", "--urls", "http://localhost:6000" }, new[] { "--Sandbox:Enabled=true", "--urls", "http://localhost:6000" })]
    [InlineData(new[] { "--sandbox", "false" }, new[] { "--Sandbox:Enabled=false" })]
    [InlineData(new[] { "--sandbox=true" }, new[] { "--Sandbox:Enabled=true" })]
    [InlineData(new[] { "--urls=http://x" }, new[] { "--urls=http://x" })]
    public void The_sandbox_switch_becomes_its_setting_and_leaves_the_next_argument_alone(string[] args, string[] expected)
        => Assert.Equal(expected, SandboxSwitch.Expand(args));
}
