using Bunit;
using DIH4S.Web.Pages.Account;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Web.Tests.Account;

public sealed class SignInPageTests : DeskTestContext
{
    [Fact]
    public void WrongPasswordShowsAFriendlyMessageAndKeepsThePersonSignedOut()
    {
        Api.OnPostProblem("/api/auth/login", 401, "Invalid e-mail or password.");
        var page = Render<SignIn>();

        page.Find("#signin-email").Input("ana@bakery.example");
        page.Find("#signin-password").Input("not-the-password");
        page.Find("form").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=signin-error]").TextContent.ShouldContain("Wrong e-mail or password."));
        Services.GetRequiredService<DeskSession>().IsSignedIn.ShouldBeFalse();
    }

    [Fact]
    public void SigningInKeepsTheSessionAndLandsOnThePersonsWork()
    {
        Api.OnPost("/api/auth/login", new TokenResponse("Bearer", "access-1", 1800, "refresh-1"));
        Api.OnGet("/api/me", new Me("usr_1", "dan@utcn.example", "Dan", "org_p", [Roles.PartnerStaff]));
        var page = Render<SignIn>();

        page.Find("#signin-email").Input("dan@utcn.example");
        page.Find("#signin-password").Input("dan-password-123");
        page.Find("form").Submit();

        var nav = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => nav.Uri.ShouldEndWith(Landing.Offers));
        Storage.Values[DeskSession.StorageKey].ShouldContain("refresh-1");
    }

    [Fact]
    public void AReturnUrlBringsThePersonBackToThePageTheyWereOn()
    {
        Api.OnPost("/api/auth/login", new TokenResponse("Bearer", "access-1", 1800, "refresh-1"));
        Api.OnGet("/api/me", new Me("usr_1", "ana@bakery.example", "Ana", "org_c", [Roles.Requester]));
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo(nav.GetUriWithQueryParameter("returnUrl", "/requests/req_42"));
        var page = Render<SignIn>();

        page.Find("#signin-email").Input("ana@bakery.example");
        page.Find("#signin-password").Input("ana-password-123");
        page.Find("form").Submit();

        page.WaitForAssertion(() => nav.Uri.ShouldEndWith("/requests/req_42"));
        Api.Sent.ShouldContain(s => s.Method == HttpMethod.Post && s.PathAndQuery == "/api/auth/login");
    }
}
