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
