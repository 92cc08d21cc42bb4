using Microsoft.Playwright;

namespace OrderConfirm.IntegrationTests.Merchant;

/// Where the browser tests leave their screenshots for a reviewer: artifacts/screenshots at the repository's root
/// (git-ignored), one PNG per page and width, replaced on every run.
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(Root(), "artifacts", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}-{width}.png"), FullPage = true });
    }

    /// The page at desktop (1280) and phone (390) width: it must not scroll sideways at either, and each is saved.
    /// The page is left at the size it had.
    public static async Task BothWidthsAsync(IPage page, string name)
    {
        var original = page.ViewportSize!;
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways at {width} px");
            await TakeAsync(page, name);
        }

        await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrderConfirm.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
