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
    /// <summary>How a password change ended.</summary>
    public enum PasswordChange { Changed, WrongCurrentPassword, LockedOut, NoAccount }

    /// <summary>Verified in place of a real hash when the e-mail is unknown or the attempt refused, so every 401 costs the same.</summary>
    private readonly Lazy<(UserAccount Account, string Hash)> _dummy = new(() =>
    {
        var account = new UserAccount("usr_dummy", "", "", "", [], "", "", default);
        return (account, hasher.HashPassword(account, Guid.NewGuid().ToString("N")));
    });

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

    /// <summary>
    /// Checks e-mail and password from a source address (ADR 0012). Unknown e-mail, wrong password,
    /// locked source, throttled or disabled account all end the same way — null — after one password
    /// hash verification each, so neither the answer nor its time tells them apart.
    /// </summary>
    public async Task<ClaimsPrincipal?> LoginAsync(string email, string password, string source)
    {
        // The built-in development credentials sign in only where the development coordinator is offered,
        // also when this database comes from a development run (ADR 0014): refused like an unknown e-mail.
        var entry = development.Refuses(email, password) ? null : await grains.GetGrain<IUserDirectoryGrain>(0).FindAsync(email);
        var user = entry is null ? null : grains.GetGrain<IUserGrain>(entry.UserId);
        var gate = user is null ? null : await user.BeginSignInAsync(source);
        if (user is null || gate is not { Allowed: true, Account: { } account })
        {
            var (dummy, hash) = _dummy.Value;
            hasher.VerifyHashedPassword(dummy, hash, password);
            return null;
        }

        if (hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return null;
        }

        var ticket = await user.CompleteSignInAsync(source, SessionExpiry());
        return await PrincipalAsync(account, ticket!);
    }

    /// <summary>
    /// A fresh principal for a refresh token, rotating the session's token generation; null when the
    /// session ended, the account changed, or the token was already used (which ends the session).
    /// </summary>
    public async Task<(ClaimsPrincipal? Principal, RefreshOutcome Outcome)> RefreshAsync(ClaimsPrincipal previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var userId = previous.FindFirstValue(DeskClaims.UserId);
        var sessionId = previous.FindFirstValue(DeskClaims.Session);
        var stamp = previous.FindFirstValue(DeskClaims.SecurityStamp);
        if (userId is null || sessionId is null || stamp is null
            || !int.TryParse(previous.FindFirstValue(DeskClaims.Generation), out var generation))
        {
            return (null, RefreshOutcome.Ended);
        }

        var user = grains.GetGrain<IUserGrain>(userId);
        var result = await user.RefreshSessionAsync(sessionId, generation, stamp, SessionExpiry());
        if (result.Outcome != RefreshOutcome.Renewed || await user.GetAsync() is not { } account)
        {
            return (null, result.Outcome);
        }

        return (await PrincipalAsync(account, new SessionTicket(sessionId, result.Generation)), RefreshOutcome.Renewed);
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
    public async Task<PasswordChange> ChangePasswordAsync(ClaimsPrincipal caller, string currentPassword, string newPassword, string source)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = grains.GetGrain<IUserGrain>(caller.FindFirstValue(DeskClaims.UserId)!);
        var gate = await user.BeginSignInAsync(source);
        if (gate.Account is not { } account)
        {
            return PasswordChange.NoAccount;
        }

        if (!gate.Allowed)
        {
            return PasswordChange.LockedOut;
        }

        if (hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return PasswordChange.WrongCurrentPassword;
        }

        await user.CompleteSignInAsync(source, sessionUntil: null);
        await user.ChangePasswordAsync(hasher.HashPassword(account, newPassword), caller.FindFirstValue(DeskClaims.Session));
        return PasswordChange.Changed;
    }

    /// <summary>A coordinator sets a temporary password, to be changed at the person's next sign-in.</summary>
    public async Task<MemberStatus?> SetTemporaryPasswordAsync(string userId, string password)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        if (await user.GetAsync() is not { } account)
        {
            return null;
        }

        await user.SetTemporaryPasswordAsync(hasher.HashPassword(account, password));
        return await user.GetStatusAsync();
    }

    private DateTimeOffset SessionExpiry() => clock.UtcNow + auth.Value.RefreshTokenLifetime;

    private async Task<ClaimsPrincipal> PrincipalAsync(UserAccount account, SessionTicket ticket)
    {
        var organization = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(account.OrganizationId);
        var status = await grains.GetGrain<IUserGrain>(account.UserId).GetStatusAsync();
        return DeskClaims.Principal(account, organization?.Kind ?? OrganizationKind.Sme, ticket, status?.MustChangePassword == true,
            BearerTokenDefaults.AuthenticationScheme);
    }
}
