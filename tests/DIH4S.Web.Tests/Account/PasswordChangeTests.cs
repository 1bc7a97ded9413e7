using System.Net;
using Bunit;
using DIH4S.Web.Layout;
using DIH4S.Web.Pages.Account;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Web.Tests.Account;

/// <summary>A password a coordinator set must be changed first (issue 9); a refresh race between tabs is not a sign-out.</summary>
public sealed class PasswordChangeTests : DeskTestContext
{
    [Fact]
    public async Task APersonWithATemporaryPasswordIsSentToTheAccountPageWhereverTheyGo()
    {
        await SignInWithTemporaryPasswordAsync();
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/requests");

        Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        nav.Uri.ShouldEndWith("/account");
    }

    [Fact]
    public async Task ChangingTheTemporaryPasswordRenewsTheTokenAndOpensThePersonsWork()
    {
        await SignInWithTemporaryPasswordAsync();
        var page = Render<AccountPage>();
        page.Find("[data-testid=must-change-password]").TextContent.ShouldContain("Choose your own password");
        Api.OnPost("/api/me/password", new { }, HttpStatusCode.NoContent);
        Api.OnPost("/api/auth/refresh", new TokenResponse("Bearer", "fresh-access-token", 1800, "fresh-refresh-token"));
        Api.OnGet("/api/me", new Me("usr_new", "new@desk.test", "New person", "org_test", [Roles.Requester]));

        page.Find("#password-current").Input("temporary-password-1234");
        page.Find("#password-new").Input("my-own-chosen-password-99");
        page.Find("#password-repeat").Input("my-own-chosen-password-99");
        page.Find("form").Submit();

        var nav = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => nav.Uri.ShouldEndWith(Landing.For([Roles.Requester])));
        Services.GetRequiredService<DeskSession>().Me!.MustChangePassword.ShouldBeFalse();
        Api.Sent.ShouldContain(s => s.PathAndQuery == "/api/auth/refresh");
    }

    [Fact]
    public async Task LosingARefreshRaceToAnotherTabKeepsTheSession()
    {
        await SignInAsync(Roles.Requester);
        var session = Services.GetRequiredService<DeskSession>();
        // Another tab renewed first: the server refuses this tab's (now used) refresh token, the storage has the new pair.
        Api.On(HttpMethod.Post, "/api/auth/refresh", (_, _) =>
        {
            Storage.Values[DeskSession.StorageKey] =
                $$"""{"accessToken":"other-tab-access","refreshToken":"other-tab-refresh","expiresAt":"{{Clock.GetUtcNow().AddMinutes(30):O}}"}""";
            return StubApi.Problem(401, "This refresh token was already used; the session has ended. Log in again.");
        });

        var token = await session.GetAccessTokenAsync(forceRenew: true);

        token.ShouldBe("other-tab-access");
        session.IsSignedIn.ShouldBeTrue();
    }

    private async Task SignInWithTemporaryPasswordAsync()
    {
        var me = new Me("usr_new", "new@desk.test", "New person", "org_test", [Roles.Requester], MustChangePassword: true);
        Api.OnPost("/api/auth/login", new TokenResponse("Bearer", "access-token", 1800, "refresh-token"));
        Api.OnGet("/api/me", me);
        (await Services.GetRequiredService<DeskSession>().SignInAsync(me.Email, "temporary-password-1234")).ShouldBeNull();
    }
}
