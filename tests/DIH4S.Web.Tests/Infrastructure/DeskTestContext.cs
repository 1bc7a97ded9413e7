using System.Globalization;
using Bunit;
using DIH4S.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace DIH4S.Web.Tests.Infrastructure;

/// <summary>
/// A bUnit context wired like the web app, with the API stubbed (<see cref="Api"/>), the live hub
/// faked (<see cref="Live"/>), storage in memory and the clock fixed. Sign a person in with
/// <see cref="SignInAsync"/> before rendering a page that needs one.
/// </summary>
public abstract class DeskTestContext : BunitContext, IAsyncLifetime
{
    protected DeskTestContext(string culture = "en-GB")
    {
        var info = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentCulture = info;
        CultureInfo.CurrentUICulture = info;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(Storage);
        Services.AddSingleton<IBrowserStorage>(Storage);
        Services.AddSingleton(new HttpClient(Api) { BaseAddress = new Uri("http://desk.test/") });
        Services.AddSingleton<DeskSession>();
        Services.AddSingleton<DeskApiClient>();
        Services.AddSingleton<ILiveFeed>(Live);
        Services.AddSingleton(sp => new LiveClient(new Uri("http://desk.test/"), sp.GetRequiredService<DeskSession>(), JSInterop.JSRuntime));
        Services.AddSingleton<Cultures>();
        Services.AddLocalization();
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
    }

    /// <summary>Tuesday 24 November 2026, 08:00 UTC (10:00 in Bucharest).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    public StubApi Api { get; } = new();

    public FakeLiveFeed Live { get; } = new();

    public MemoryStorage Storage { get; } = new();

    /// <summary>Signs in a person with these roles through the stubbed login.</summary>
    public async Task<Me> SignInAsync(string role, string organizationId = "org_test", string userId = "usr_test", params string[] moreRoles)
    {
        var me = new Me(userId, $"{userId}@desk.test", $"Person {userId}", organizationId, [role, .. moreRoles]);
        Api.OnPost("/api/auth/login", new TokenResponse("Bearer", "access-token", 1800, "refresh-token"));
        Api.OnGet("/api/me", me);
        var problem = await Services.GetRequiredService<DeskSession>().SignInAsync(me.Email, "a-long-enough-password");
        problem.ShouldBeNull();
        return me;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Renders the popover provider first, so menus, selects and dialogs can open.</summary>
    public IRenderedComponent<MudPopoverProvider> RenderProviders()
    {
        Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render<MudPopoverProvider>();
    }
}
