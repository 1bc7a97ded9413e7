using Microsoft.Playwright;

namespace DIH4S.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One published desk and one headless Chromium (Debian's, at /usr/bin/chromium) for the browser tests.
/// Each person gets their own browser context: separate storage, as separate people on separate machines.
/// </summary>
public sealed class DeskBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PublishedDesk Desk { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public DeskApi Api { get; private set; } = null!;

    /// <summary>Why the browser tests cannot run here (no Chromium outside CI); null when they can.</summary>
    public string? Unavailable { get; private set; }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Browser tests need Chromium at {ChromiumPath}: install it with 'apt-get install chromium' (.ci/run does).";
            if (InCi)
            {
                throw new InvalidOperationException(reason);
            }

            Unavailable = reason;
            return;
        }

        Desk = await PublishedDesk.StartAsync(await DeskPublisher.PublishAsync());
        Api = new DeskApi(Desk.Address);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Desk is not null)
        {
            await Desk.DisposeAsync();
        }
    }

    /// <summary>Skips the test, with the reason, where Chromium is missing (outside CI; in CI the fixture fails instead).</summary>
    public void Require() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>A browser of its own for one person, signed in through the sign-in page, the live link up.</summary>
    public async Task<IPage> SignInAsync(Person person, string locale = "en-GB", int width = 1280, int height = 800)
    {
        ArgumentNullException.ThrowIfNull(person);
        var page = await OpenAsync(locale, width, height);
        await page.GotoAsync("signin");
        await page.Locator("#signin-email").FillAsync(person.Email);
        await page.Locator("#signin-password").FillAsync(person.Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=live-state]")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    /// <summary>A fresh browser context, not signed in.</summary>
    public async Task<IPage> OpenAsync(string locale = "en-GB", int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Desk.Address.ToString(),
            Locale = locale,
            TimezoneId = "Europe/Bucharest",
            ViewportSize = new() { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot to the test output, and to docs/screenshots when DESK_UPDATE_SCREENSHOTS=1.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Environment.GetEnvironmentVariable("DESK_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(DeskPublisher.RepositoryRoot, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = false, Animations = ScreenshotAnimations.Disabled });
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<DeskBrowser>
{
    public const string Name = "browser";
}
