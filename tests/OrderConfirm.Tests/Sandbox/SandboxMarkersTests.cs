using OrderConfirm.Sandbox;

namespace OrderConfirm.Tests.Sandbox;

public sealed class SandboxMarkersTests
{
    [Fact]
    public void The_banner_goes_right_after_the_opening_body_tag()
    {
        var page = SandboxMarkers.WithBanner("""<!doctype html><html><head><title>t</title></head><BODY class="x"><main>m</main></body></html>""");

        Assert.Contains("""<BODY class="x">""" + SandboxMarkers.Banner + "<main>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_without_a_body_tag_is_left_as_it_is()
        => Assert.Equal("<p>no body</p>", SandboxMarkers.WithBanner("<p>no body</p>"));
}
