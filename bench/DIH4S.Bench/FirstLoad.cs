using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace DIH4S.Bench;

/// <summary>
/// The web app's first load, as a person on this machine gets it: a browser with an empty cache opens the
/// desk, signs in, and waits for their landing page with the live link up. Measures the bytes transferred
/// (compressed, as sent on the wire) and the time, for the sign-in page and for a returning person whose
/// session is stored (the signed-in home).
/// </summary>
public static class FirstLoad
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<int> RunAsync(Uri desk, string email, string password, int runs)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        var signIn = new List<(long Bytes, double Ms)>();
        var shown = new List<(long Bytes, double Ms)>();
        var home = new List<(long Bytes, double Ms)>();
        for (var run = 0; run < runs; run++)
        {
            await using var context = await browser.NewContextAsync(new() { BaseURL = desk.ToString(), Locale = "en-GB" });
            var page = await context.NewPageAsync();
            var bytes = await CountBytesAsync(page);

            // 1. Cold: the sign-in page from an empty cache.
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("signin");
            await page.Locator("#signin-email").WaitForAsync();
            signIn.Add((bytes.Total, clock.Elapsed.TotalMilliseconds));

            await page.Locator("#signin-email").FillAsync(email);
            await page.Locator("#signin-password").FillAsync(password);
            await page.Locator("[data-testid=signin-submit]").ClickAsync();
            await page.Locator("[data-testid=live-state][data-state=live]").WaitForAsync();

            // 2. A returning person: session stored, cache emptied, the desk opened at its root.
            var session = await page.EvaluateAsync<string>("() => localStorage.getItem('dih4s.session')");
            await using var returning = await browser.NewContextAsync(new() { BaseURL = desk.ToString(), Locale = "en-GB" });
            await returning.AddInitScriptAsync($"localStorage.setItem('dih4s.session', {System.Text.Json.JsonSerializer.Serialize(session)});");
            var again = await returning.NewPageAsync();
            var againBytes = await CountBytesAsync(again);
            var calls = new List<string>();
            again.Request += (_, r) =>
            {
                var path = new Uri(r.Url).PathAndQuery;
                if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/hubs/", StringComparison.Ordinal))
                {
                    lock (calls)
                    {
                        calls.Add($"{path} at {clock.ElapsedMilliseconds} ms");
                    }
                }
            };
            clock.Restart();
            await again.GotoAsync("");
            await again.Locator("h1").First.WaitForAsync();
            shown.Add((againBytes.Total, clock.Elapsed.TotalMilliseconds));
            await again.Locator("[data-testid=live-state][data-state=live]").WaitForAsync();
            home.Add((againBytes.Total, clock.Elapsed.TotalMilliseconds));
            if (Environment.GetEnvironmentVariable("DESK_BENCH_DETAIL") == "1")
            {
                await PrintTimelineAsync(again);
                lock (calls)
                {
                    Console.WriteLine("  calls: " + string.Join(", ", calls));
                }
            }

            if (run == 0 && Environment.GetEnvironmentVariable("DESK_BENCH_DETAIL") == "1")
            {
                Console.WriteLine($"largest responses of the first cold load ({bytes.Sizes.Count} responses):");
                bytes.PrintLargest(25);
            }
        }

        Report("sign-in page, empty cache", signIn);
        Report("signed-in home shown", shown);
        Report("signed-in home, live", home);
        return 0;
    }

    /// <summary>Where the signed-in home's time went, from the page's own performance entries (DESK_BENCH_DETAIL=1).</summary>
    private static async Task PrintTimelineAsync(IPage page)
    {
        var timeline = await page.EvaluateAsync<string>("""
            () => {
              const nav = performance.getEntriesByType('navigation')[0];
              const res = performance.getEntriesByType('resource');
              const end = f => Math.round(Math.max(0, ...res.filter(f).map(r => r.responseEnd)));
              const start = f => Math.round(Math.min(1e9, ...res.filter(f).map(r => r.startTime)));
              return `html ${Math.round(nav.responseEnd)} ms, dom ${Math.round(nav.domContentLoadedEventEnd)} ms, `
                + `runtime files done ${end(r => r.name.includes('/_framework/'))} ms, first /api call ${start(r => r.name.includes('/api/'))} ms, `
                + `hub negotiate ${start(r => r.name.includes('/hubs/'))} ms, now ${Math.round(performance.now())} ms`;
            }
            """);
        Console.WriteLine($"  home timeline: {timeline}");
    }

    private static void Report(string what, List<(long Bytes, double Ms)> samples)
    {
        var bytes = samples.Select(s => s.Bytes).Order().ToList();
        var ms = samples.Select(s => s.Ms).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-30} transferred {bytes[bytes.Count / 2] / 1024.0 / 1024.0:F2} MiB (median of {samples.Count}), time median {ms[ms.Count / 2]:F0} ms, max {ms[^1]:F0} ms"));
    }

    /// <summary>Sums the encoded (on-the-wire) length of every response the page loads, through the DevTools protocol.</summary>
    private static async Task<ByteCounter> CountBytesAsync(IPage page)
    {
        var counter = new ByteCounter();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                var response = json.GetProperty("response");
                var encoding = response.GetProperty("headers").EnumerateObject()
                    .FirstOrDefault(h => h.Name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)).Value;
                lock (counter.Urls)
                {
                    counter.Urls[json.GetProperty("requestId").GetString()!] =
                        $"{response.GetProperty("url").GetString()} [{(encoding.ValueKind == System.Text.Json.JsonValueKind.String ? encoding.GetString() : "identity")}]";
                }
            }
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json && json.TryGetProperty("encodedDataLength", out var length))
            {
                Interlocked.Add(ref counter.Bytes, (long)length.GetDouble());
                lock (counter.Urls)
                {
                    counter.Sizes[json.GetProperty("requestId").GetString()!] = (long)length.GetDouble();
                }
            }
        };
        return counter;
    }

    private sealed class ByteCounter
    {
#pragma warning disable CA1051 // a counter updated with Interlocked
        public long Bytes;
#pragma warning restore CA1051

        public long Total => Interlocked.Read(ref Bytes);

        public Dictionary<string, string> Urls { get; } = [];

        public Dictionary<string, long> Sizes { get; } = [];

        /// <summary>The largest responses, for DESK_BENCH_DETAIL=1.</summary>
        public void PrintLargest(int count)
        {
            lock (Urls)
            {
                foreach (var (id, size) in Sizes.OrderByDescending(s => s.Value).Take(count))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {size / 1024.0,8:F1} KiB  {Urls.GetValueOrDefault(id, id)}"));
                }
            }
        }
    }
}
