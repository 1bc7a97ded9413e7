using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

/// <summary>Issue 8's keyboard use: a control reached with the keyboard shows where focus is; the heading focused after a navigation does not.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FocusTests(DeskBrowser browser)
{
    private const string FocusedOutline = "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }";

    [SkippableFact]
    public async Task TheKeyboardsFocusIsRingedAndTheNavigatedHeadingIsNot()
    {
        browser.Require();
        var page = await browser.OpenAsync();

        await page.GotoAsync("signin");
        var heading = page.Locator("h1");
        await Expect(heading).ToBeFocusedAsync();
        (await page.EvaluateAsync<string>(FocusedOutline)).ShouldStartWith("none");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#signin-email")).ToBeFocusedAsync();
        (await page.EvaluateAsync<string>(FocusedOutline)).ShouldBe("solid 3px");
    }
}
