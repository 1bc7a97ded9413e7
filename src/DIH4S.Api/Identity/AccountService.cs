using System.Security.Claims;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Identity;

/// <summary>Creating people and checking their credentials; the grains keep the accounts.</summary>
public sealed class AccountService(
    IGrainFactory grains,
    IPasswordHasher<UserAccount> hasher,
    DeskClock clock,
    IOptions<Hosting.AuthOptions> auth,
    DevelopmentCoordinator development)
{
    /// <summary>Why a login failed, for the 401's detail.</summary>
    public enum LoginFailure { None, BadCredentials, LockedOut }

    /// <summary>How a password change ended.</summary>
    public enum PasswordChange { Changed, WrongCurrentPassword, LockedOut, NoAccount }

    /// <summary>Creates a member: reserves the e-mail address first, so two creations cannot both win it.</summary>
    public async Task<Outcome<UserAccount>> CreateMemberAsync(
        Organization organization, string email, string displayName, string password, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var userId = $"usr_{Guid.NewGuid():N}";
        if (!await grains.GetGrain<IUserDirectoryGrain>(0).ReserveAsync(email, new DirectoryEntry(userId, organization.Id)))
        {
            return DeskProblem.Conflict($"A person with the e-mail address '{email}' already exists.");
        }

        var draft = new UserAccount(userId, email.Trim(), displayName.Trim(), organization.Id, roles, "", Guid.NewGuid().ToString("N"), clock.UtcNow);
        var account = draft with { PasswordHash = hasher.HashPassword(draft, password) };
        return await grains.GetGrain<IUserGrain>(userId).CreateAsync(account);
    }

    /// <summary>Checks e-mail and password, counting failures towards a lockout.</summary>
    public async Task<(ClaimsPrincipal? Principal, LoginFailure Failure, DateTimeOffset? LockedUntil)> LoginAsync(string email, string password)
    {
        if (development.Refuses(email, password))
        {
            // The built-in development credentials sign in only where the development coordinator is offered,
            // also when this database comes from a development run.
            return (null, LoginFailure.BadCredentials, null);
        }

        var entry = await grains.GetGrain<IUserDirectoryGrain>(0).FindAsync(email);
        if (entry is null)
        {
            return (null, LoginFailure.BadCredentials, null);
        }

        var user = grains.GetGrain<IUserGrain>(entry.UserId);
        var gate = await user.GetLoginGateAsync();
        if (gate.Account is null)
        {
            return (null, LoginFailure.BadCredentials, null);
        }

        if (gate.LockedUntil is { } until)
        {
            return (null, LoginFailure.LockedOut, until);
        }

        if (hasher.VerifyHashedPassword(gate.Account, gate.Account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            var lockedNow = await user.RecordFailedLoginAsync();
            return (null, lockedNow is null ? LoginFailure.BadCredentials : LoginFailure.LockedOut, lockedNow);
        }

        await user.RecordSuccessfulLoginAsync();
        var sessionId = await user.OpenSessionAsync(SessionExpiry());
        return (await PrincipalAsync(gate.Account, sessionId), LoginFailure.None, null);
    }

    /// <summary>A fresh principal for a refresh token's subject, or null when the account changed or vanished.</summary>
    public async Task<ClaimsPrincipal?> RefreshAsync(ClaimsPrincipal previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var userId = previous.FindFirstValue(DeskClaims.UserId);
        var sessionId = previous.FindFirstValue(DeskClaims.Session);
        if (userId is null || sessionId is null)
        {
            return null;
        }

        var user = grains.GetGrain<IUserGrain>(userId);
        if (await user.GetAsync() is not { } account
            || account.SecurityStamp != previous.FindFirstValue(DeskClaims.SecurityStamp)
            || !await user.RenewSessionAsync(sessionId, SessionExpiry()))
        {
            return null;
        }

        return await PrincipalAsync(account, sessionId);
    }

    /// <summary>Ends the session a refresh token belongs to (sign-out).</summary>
    public async Task EndSessionAsync(ClaimsPrincipal tokenHolder)
    {
        ArgumentNullException.ThrowIfNull(tokenHolder);
        if (tokenHolder.FindFirstValue(DeskClaims.UserId) is { } userId && tokenHolder.FindFirstValue(DeskClaims.Session) is { } sessionId)
        {
            await grains.GetGrain<IUserGrain>(userId).EndSessionAsync(sessionId);
        }
    }

    /// <summary>
    /// Changes the caller's password after checking the current one (a wrong one counts towards the
    /// lockout, as a failed sign-in does); every other session of the person ends.
    /// </summary>
    public async Task<PasswordChange> ChangePasswordAsync(ClaimsPrincipal caller, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = grains.GetGrain<IUserGrain>(caller.FindFirstValue(DeskClaims.UserId)!);
        var gate = await user.GetLoginGateAsync();
        if (gate.Account is not { } account)
        {
            return PasswordChange.NoAccount;
        }

        if (gate.LockedUntil is not null)
        {
            return PasswordChange.LockedOut;
        }

        if (hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return await user.RecordFailedLoginAsync() is null ? PasswordChange.WrongCurrentPassword : PasswordChange.LockedOut;
        }

        await user.ChangePasswordAsync(hasher.HashPassword(account, newPassword), caller.FindFirstValue(DeskClaims.Session));
        return PasswordChange.Changed;
    }

    private DateTimeOffset SessionExpiry() => clock.UtcNow + auth.Value.RefreshTokenLifetime;

    private async Task<ClaimsPrincipal> PrincipalAsync(UserAccount account, string sessionId)
    {
        var organization = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(account.OrganizationId);
        return DeskClaims.Principal(account, organization?.Kind ?? OrganizationKind.Sme, sessionId, BearerTokenDefaults.AuthenticationScheme);
    }
}
