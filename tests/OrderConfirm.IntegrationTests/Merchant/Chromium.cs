using Microsoft.Playwright;

namespace OrderConfirm.IntegrationTests.Merchant;

/// Debian's chromium, driven by Playwright, headless. Never a browser download: the executable is the system's, and a
/// machine without it fails these tests with the command that installs it. The flags keep Chromium off the network
/// (this machine has none) and out of its first-run work.
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Chromium(playwright, browser);
    }

    /// A fresh context (no cookies) of the given width, recording every URL its pages ask for.
    public async Task<(IPage Page, List<string> Requests)> OpenAsync(Uri site, int width)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.ToString(), ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request.Url);
            }
        };
        return (page, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
