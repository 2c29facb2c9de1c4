using Microsoft.Playwright;

namespace Stockbeat.Dashboard.Tests;

/// <summary>
/// The machine's Chromium driven by Playwright. Never a downloaded browser: build.sh installs Chromium with apt-get and
/// exports its path. Without it the browser tests fail under CI=true and are skipped, with the reason, elsewhere.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private const string PathVariable = "STOCKBEAT_TEST_CHROMIUM";
    private const string DefaultPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"Chromium not found at {path} but CI=true: browser tests must run (build.sh installs it).");
            }

            Assert.Skip($"Browser tests skipped: no Chromium at {path} (./build.sh test installs it, or set {PathVariable}).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new Browser(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }
}
