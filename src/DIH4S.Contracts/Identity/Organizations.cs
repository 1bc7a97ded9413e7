namespace DIH4S.Contracts.Identity;

/// <summary>A customer, partner or the hub office.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.Organization")]
public sealed record Organization(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] OrganizationKind Kind,
    [property: Id(3)] string? Sector,
    [property: Id(4)] string? County,
    [property: Id(5)] string? Size,
    [property: Id(6)] IReadOnlyList<string> Competences,
    [property: Id(7)] DateTimeOffset CreatedAt);

/// <summary>The directory of organizations of the hub.</summary>
[Alias("dih4s.IOrganizationRegistryGrain")]
public interface IOrganizationRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds an organization; refuses a second one with the same name (case-insensitive).</summary>
    [Alias("CreateAsync")]
    Task<Outcome<Organization>> CreateAsync(Organization organization);

    /// <summary>The organization, or null when unknown.</summary>
    [Alias("GetAsync")]
    Task<Organization?> GetAsync(string id);

    /// <summary>Every organization, oldest first.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<Organization>> ListAsync();

    /// <summary>The partners whose competences include the category.</summary>
    [Alias("PartnersForCategoryAsync")]
    Task<IReadOnlyList<string>> PartnersForCategoryAsync(string category);
}

/// <summary>A person's account as stored: never leaves the host.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string OrganizationId,
    [property: Id(4)] IReadOnlyList<string> Roles,
    [property: Id(5)] string PasswordHash,
    [property: Id(6)] string SecurityStamp,
    [property: Id(7)] DateTimeOffset CreatedAt);

/// <summary>
/// The answer to a sign-in attempt's first step (ADR 0012): whether the password may be checked at all,
/// and against which account. The attempt is already counted as a failure; a success takes it back.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.SignInGate")]
public sealed record SignInGate([property: Id(0)] UserAccount? Account, [property: Id(1)] bool Allowed);

/// <summary>A person as coordinators manage them: the account and whether it may sign in.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.MemberStatus")]
public sealed record MemberStatus(
    [property: Id(0)] UserAccount Account, [property: Id(1)] bool Disabled, [property: Id(2)] bool MustChangePassword);

/// <summary>A session that refreshed: its id and the generation of the refresh token just issued.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.SessionTicket")]
public sealed record SessionTicket([property: Id(0)] string SessionId, [property: Id(1)] int Generation);

/// <summary>How a refresh ended.</summary>
public enum RefreshOutcome
{
    /// <summary>The token was the session's newest: a new generation was issued.</summary>
    Renewed,

    /// <summary>The session ended, expired, or the account changed or was disabled.</summary>
    Ended,

    /// <summary>An already used refresh token came back: the whole session (token family) ended.</summary>
    Reused,
}

/// <summary>A refresh's outcome and, when renewed, the new generation.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RefreshResult")]
public sealed record RefreshResult([property: Id(0)] RefreshOutcome Outcome, [property: Id(1)] int Generation);

/// <summary>One person: account, credentials, sessions and sign-in throttling (ADR 0012).</summary>
[Alias("dih4s.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Stores a new account; refuses when this id already holds one.</summary>
    [Alias("CreateAsync")]
    Task<Outcome<UserAccount>> CreateAsync(UserAccount account);

    /// <summary>The account, or null when unknown.</summary>
    [Alias("GetAsync")]
    Task<UserAccount?> GetAsync();

    /// <summary>The account with its disabled and must-change-password flags, or null when unknown.</summary>
    [Alias("GetStatusAsync")]
    Task<MemberStatus?> GetStatusAsync();

    /// <summary>
    /// One atomic step: may a sign-in from <paramref name="source"/> check a password now? Refused while
    /// the source is locked out, the account is disabled, or the account is throttled and the source has
    /// never signed in. When allowed, the attempt is counted as a failure at once.
    /// </summary>
    [Alias("BeginSignInAsync")]
    Task<SignInGate> BeginSignInAsync(string source);

    /// <summary>
    /// The password was right: takes back the counted failure, remembers the source, and opens a session
    /// until <paramref name="sessionUntil"/> when one is given.
    /// </summary>
    [Alias("CompleteSignInAsync")]
    Task<SessionTicket?> CompleteSignInAsync(string source, DateTimeOffset? sessionUntil);

    /// <summary>
    /// Rotates a session's refresh token: <see cref="RefreshOutcome.Renewed"/> only for the session's newest
    /// generation and the account's current security stamp; an older generation ends the session.
    /// </summary>
    [Alias("RefreshSessionAsync")]
    Task<RefreshResult> RefreshSessionAsync(string sessionId, int generation, string securityStamp, DateTimeOffset expiresAt);

    /// <summary>Whether the session is live and the stamp current (the hub asks on connect).</summary>
    [Alias("IsSessionLiveAsync")]
    Task<bool> IsSessionLiveAsync(string sessionId, string securityStamp);

    /// <summary>Ends a session: its refresh tokens stop working and its hub connections close.</summary>
    [Alias("EndSessionAsync")]
    Task EndSessionAsync(string sessionId);

    /// <summary>Stores a new password hash chosen by the person; every session but <paramref name="keepSessionId"/> ends.</summary>
    [Alias("ChangePasswordAsync")]
    Task ChangePasswordAsync(string passwordHash, string? keepSessionId);

    /// <summary>A coordinator set a temporary password: it must be changed at next sign-in; every session ends.</summary>
    [Alias("SetTemporaryPasswordAsync")]
    Task SetTemporaryPasswordAsync(string passwordHash);

    /// <summary>Disables (every session ends, sign-in refused) or re-enables the account.</summary>
    [Alias("SetDisabledAsync")]
    Task<MemberStatus?> SetDisabledAsync(bool disabled);

    /// <summary>Replaces the roles; every session ends, so no token carries the old ones past its lifetime.</summary>
    [Alias("SetRolesAsync")]
    Task<MemberStatus?> SetRolesAsync(IReadOnlyList<string> roles);
}

/// <summary>A directory entry: which user an e-mail address belongs to.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.DirectoryEntry")]
public sealed record DirectoryEntry([property: Id(0)] string UserId, [property: Id(1)] string OrganizationId);

/// <summary>Unique e-mail addresses and the members of each organization.</summary>
[Alias("dih4s.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Claims the address for the user; false when it is already taken.</summary>
    [Alias("ReserveAsync")]
    Task<bool> ReserveAsync(string email, DirectoryEntry entry);

    /// <summary>The user owning the address, or null.</summary>
    [Alias("FindAsync")]
    Task<DirectoryEntry?> FindAsync(string email);

    /// <summary>The user ids of an organization's members.</summary>
    [Alias("MembersOfAsync")]
    Task<IReadOnlyList<string>> MembersOfAsync(string organizationId);
}

/// <summary>The shared ASP.NET Core data-protection key ring, so every node can read every node's tokens.</summary>
[Alias("dih4s.IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithIntegerKey
{
    /// <summary>Every stored key element, as XML text.</summary>
    [Alias("GetElementsAsync")]
    Task<IReadOnlyList<string>> GetElementsAsync();

    /// <summary>Stores a new key element.</summary>
    [Alias("StoreElementAsync")]
    Task StoreElementAsync(string friendlyName, string xml);
}
