using System.Security.Claims;
using DIH4S.Api.Hosting;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Endpoints;

public sealed record LoginBody(string? Email, string? Password);

public sealed record RefreshBody(string? RefreshToken);

public sealed record PasswordBody(string? CurrentPassword, string? NewPassword);

/// <summary>The signed-in person; <c>mustChangePassword</c> when a coordinator set their password (nothing else works until it is changed).</summary>
public sealed record MeView(
    string UserId, string Email, string DisplayName, string OrganizationId, IReadOnlyList<string> Roles, bool MustChangePassword);

/// <summary>Login, refresh and "who am I".</summary>
public static partial class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Identity").AllowAnonymous().RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/login", LoginAsync).WithName("Login").WithSummary("Exchange e-mail and password for a bearer token.");
        auth.MapPost("/refresh", RefreshAsync).WithName("Refresh").WithSummary("Exchange a refresh token for a new bearer token.");
        auth.MapPost("/logout", LogoutAsync).WithName("Logout").WithSummary("End the session of a refresh token (sign out).");
        app.MapGet("/api/me", GetMeAsync).WithName("Me").WithTags("Identity").WithSummary("The signed-in person.").RequireAuthorization();
        app.MapPost("/api/me/password", ChangePasswordAsync).WithName("ChangePassword").WithTags("Identity")
            .WithSummary("Change one's own password; every other session of the person ends.").RequireAuthorization();
        return app;
    }

    public static async Task<Results<SignInHttpResult, ProblemHttpResult>> LoginAsync(LoginBody? body, AccountService accounts, HttpContext http)
    {
        var validation = new Validation()
            .Text(body?.Email, "email", 254)
            .Text(body?.Password, "password", PasswordRules.MaximumLength);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        // One answer for an unknown e-mail, a wrong password, a locked-out source and a disabled account (ADR 0012).
        var principal = await accounts.LoginAsync(body!.Email!, body.Password!, SourceOf(http));
        if (principal is null)
        {
            return Unauthorized("Invalid e-mail or password.");
        }

        return TypedResults.SignIn(principal, authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    public static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshBody? body, AccountService accounts, IOptionsMonitor<BearerTokenOptions> bearer, DeskClock clock, ILoggerFactory logs)
    {
        var validation = new Validation().Text(body?.RefreshToken, "refreshToken", 8192);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var ticket = bearer.Get(BearerTokenDefaults.AuthenticationScheme).RefreshTokenProtector.Unprotect(body!.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires < clock.UtcNow)
        {
            return Unauthorized("The refresh token is invalid or expired; log in again.");
        }

        var (principal, outcome) = await accounts.RefreshAsync(ticket.Principal);
        if (outcome == RefreshOutcome.Reused)
        {
            LogReuse(logs.CreateLogger(typeof(AuthApi).FullName!), ticket.Principal.FindFirstValue(DeskClaims.UserId), ticket.Principal.FindFirstValue(DeskClaims.Session));
            return Unauthorized("This refresh token was already used; the session has ended. Log in again.");
        }

        return principal is null
            ? Unauthorized("The session has ended or the account changed; log in again.")
            : TypedResults.SignIn(principal, authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Sign-out: the session of the refresh token ends, so neither that token nor any token refreshed from
    /// it works again. Answers 204 whatever the token was (an unreadable or already ended one changes nothing).
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(
        RefreshBody? body, AccountService accounts, IOptionsMonitor<BearerTokenOptions> bearer)
    {
        var validation = new Validation().Text(body?.RefreshToken, "refreshToken", 8192);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        if (bearer.Get(BearerTokenDefaults.AuthenticationScheme).RefreshTokenProtector.Unprotect(body!.RefreshToken) is { } ticket)
        {
            await accounts.EndSessionAsync(ticket.Principal);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        PasswordBody? body, ClaimsPrincipal user, AccountService accounts, HttpContext http)
    {
        var validation = new Validation()
            .Text(body?.CurrentPassword, "currentPassword", PasswordRules.MaximumLength)
            .Check((body?.NewPassword?.Length ?? 0) >= PasswordRules.MinimumLength, "newPassword",
                $"'newPassword' must have at least {PasswordRules.MinimumLength} characters.")
            .Check((body?.NewPassword?.Length ?? 0) <= PasswordRules.MaximumLength, "newPassword",
                $"'newPassword' must have at most {PasswordRules.MaximumLength} characters.");
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        return await accounts.ChangePasswordAsync(user, body!.CurrentPassword!, body.NewPassword!, SourceOf(http)) switch
        {
            AccountService.PasswordChange.Changed => TypedResults.NoContent(),
            AccountService.PasswordChange.WrongCurrentPassword =>
                new Validation().Add("currentPassword", "The current password is wrong.").ToHttp(),
            AccountService.PasswordChange.LockedOut => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many wrong passwords: the account is locked for a while."),
            _ => Unauthorized("This account no longer exists."),
        };
    }

    public static async Task<Results<Ok<MeView>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor();
        if (await grains.GetGrain<IUserGrain>(actor.UserId).GetStatusAsync() is not { Account: { } account } status)
        {
            return Unauthorized("This account no longer exists.");
        }

        return TypedResults.Ok(new MeView(
            account.UserId, account.Email, account.DisplayName, account.OrganizationId, account.Roles, status.MustChangePassword));
    }

    /// <summary>The address a sign-in comes from: the client's, or the forwarded one behind a configured proxy.</summary>
    private static string SourceOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "A used refresh token of user {UserId} came back: session {SessionId} ended")]
    private static partial void LogReuse(ILogger logger, string? userId, string? sessionId);

    private static ProblemHttpResult Unauthorized(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title);
}
