using Bunit;
using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Labs;

public sealed class BookingsInRomanianTests() : DeskTestContext("ro-RO")
{
    [Fact]
    public async Task TheBookingsPageSpeaksRomanianWithRomanianDates()
    {
        Api.StubLabs();
        Api.OnGet(LabData.BookingsQuery(null, 20), StubApi.PageOf(LabData.Booking("b1")));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);

        var page = Render<BookingsPage>();

        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe("Rezervările mele"));
        page.Find("[data-testid=booking-b1] [data-testid=state]").TextContent.ShouldContain("În așteptare");
        page.Find("[data-testid=cancel-b1]").TextContent.ShouldContain("Anulează rezervarea");
        // 10:00–12:00 UTC on 26 November is 12:00–14:00 in Bucharest, written the Romanian way.
        page.Find("[data-testid=booking-b1] [data-testid=when]").TextContent.ShouldBe("26.11.2026 12:00 – 14:00");
    }
}
