using System.Security.Claims;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace DIH4S.Api.Identity;

/// <summary>Creating people and checking their credentials; the grains keep the accounts.</summary>
public sealed class AccountService(IGrainFactory grains, IPasswordHasher<UserAccount> hasher, DeskClock clock)
{
    /// <summary>Why a login failed, for the 401's detail.</summary>
    public enum LoginFailure { None, BadCredentials, LockedOut }

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
        return (await PrincipalAsync(gate.Account), LoginFailure.None, null);
    }

    /// <summary>A fresh principal for a refresh token's subject, or null when the account changed or vanished.</summary>
    public async Task<ClaimsPrincipal?> RefreshAsync(ClaimsPrincipal previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var userId = previous.FindFirstValue(DeskClaims.UserId);
        if (userId is null || await grains.GetGrain<IUserGrain>(userId).GetAsync() is not { } account
            || account.SecurityStamp != previous.FindFirstValue(DeskClaims.SecurityStamp))
        {
            return null;
        }

        return await PrincipalAsync(account);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(UserAccount account)
    {
        var organization = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(account.OrganizationId);
        return DeskClaims.Principal(account, organization?.Kind ?? OrganizationKind.Sme, BearerTokenDefaults.AuthenticationScheme);
    }
}
