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

/// <summary>Result of asking whether a login may proceed.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.LoginGate")]
public sealed record LoginGate([property: Id(0)] UserAccount? Account, [property: Id(1)] DateTimeOffset? LockedUntil);

/// <summary>One person: account, credentials and lockout.</summary>
[Alias("dih4s.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Stores a new account; refuses when this id already holds one.</summary>
    [Alias("CreateAsync")]
    Task<Outcome<UserAccount>> CreateAsync(UserAccount account);

    /// <summary>The account, or null when unknown.</summary>
    [Alias("GetAsync")]
    Task<UserAccount?> GetAsync();

    /// <summary>The account and, when locked out after repeated failures, until when.</summary>
    [Alias("GetLoginGateAsync")]
    Task<LoginGate> GetLoginGateAsync();

    /// <summary>Counts a failed password; returns the lockout end when this failure locks the account.</summary>
    [Alias("RecordFailedLoginAsync")]
    Task<DateTimeOffset?> RecordFailedLoginAsync();

    /// <summary>Resets the failure count after a successful login.</summary>
    [Alias("RecordSuccessfulLoginAsync")]
    Task RecordSuccessfulLoginAsync();

    /// <summary>Starts a session (one sign-in) that lasts until <paramref name="expiresAt"/>; returns its id.</summary>
    [Alias("OpenSessionAsync")]
    Task<string> OpenSessionAsync(DateTimeOffset expiresAt);

    /// <summary>Extends a live session to <paramref name="expiresAt"/>; false when it ended or expired.</summary>
    [Alias("RenewSessionAsync")]
    Task<bool> RenewSessionAsync(string sessionId, DateTimeOffset expiresAt);

    /// <summary>Ends a session: its refresh tokens stop working.</summary>
    [Alias("EndSessionAsync")]
    Task EndSessionAsync(string sessionId);

    /// <summary>Stores a new password hash and ends every session but <paramref name="keepSessionId"/>.</summary>
    [Alias("ChangePasswordAsync")]
    Task ChangePasswordAsync(string passwordHash, string? keepSessionId);
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
