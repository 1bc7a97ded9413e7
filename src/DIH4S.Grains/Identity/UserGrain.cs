using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Identity;

[GenerateSerializer, Alias("dih4s.UserState")]
public sealed class UserState
{
    [Id(0)] public UserAccount? Account { get; set; }
    [Id(1)] public int FailedAttempts { get; set; }
    [Id(2)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Live sign-ins, each until its refresh tokens expire (ADR 0003).</summary>
    [Id(3)] public List<UserSession> Sessions { get; set; } = [];
}

[GenerateSerializer, Alias("dih4s.UserSession")]
public sealed class UserSession
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One person's account. Passwords are hashed by the host; the grain keeps the hash and the lockout.</summary>
public sealed class UserGrain(
    [PersistentState("user", DeskStorage.Name)] IPersistentState<UserState> store,
    DeskClock clock,
    IOptions<LockoutOptions> lockout) : Grain, IUserGrain
{
    public async Task<Outcome<UserAccount>> CreateAsync(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (store.State.Account is not null)
        {
            return DeskProblem.Conflict("This user already exists.");
        }

        store.State.Account = account;
        await store.WriteStateAsync();
        return account;
    }

    public Task<UserAccount?> GetAsync() => Task.FromResult(store.State.Account);

    public Task<LoginGate> GetLoginGateAsync()
    {
        var lockedUntil = store.State.LockedUntil is { } until && until > clock.UtcNow ? until : (DateTimeOffset?)null;
        return Task.FromResult(new LoginGate(store.State.Account, lockedUntil));
    }

    public async Task<DateTimeOffset?> RecordFailedLoginAsync()
    {
        store.State.FailedAttempts++;
        DateTimeOffset? lockedUntil = null;
        if (store.State.FailedAttempts >= lockout.Value.MaxFailedAttempts)
        {
            lockedUntil = clock.UtcNow + lockout.Value.Duration;
            store.State.LockedUntil = lockedUntil;
            store.State.FailedAttempts = 0;
        }

        await store.WriteStateAsync();
        return lockedUntil;
    }

    public async Task<string> OpenSessionAsync(DateTimeOffset expiresAt)
    {
        var sessionId = $"ses_{Guid.NewGuid():N}";
        store.State.Sessions.RemoveAll(s => s.ExpiresAt <= clock.UtcNow);
        store.State.Sessions.Add(new UserSession { Id = sessionId, ExpiresAt = expiresAt });
        await store.WriteStateAsync();
        return sessionId;
    }

    public async Task<bool> RenewSessionAsync(string sessionId, DateTimeOffset expiresAt)
    {
        var session = store.State.Sessions.Find(s => s.Id == sessionId);
        if (session is null || session.ExpiresAt <= clock.UtcNow || store.State.Account is null)
        {
            return false;
        }

        session.ExpiresAt = expiresAt;
        await store.WriteStateAsync();
        return true;
    }

    public async Task EndSessionAsync(string sessionId)
    {
        if (store.State.Sessions.RemoveAll(s => s.Id == sessionId) > 0)
        {
            await store.WriteStateAsync();
        }
    }

    public async Task ChangePasswordAsync(string passwordHash, string? keepSessionId)
    {
        if (store.State.Account is not { } account)
        {
            return;
        }

        store.State.Account = account with { PasswordHash = passwordHash };
        store.State.Sessions.RemoveAll(s => s.Id != keepSessionId);
        await store.WriteStateAsync();
    }

    public async Task RecordSuccessfulLoginAsync()
    {
        if (store.State.FailedAttempts == 0 && store.State.LockedUntil is null)
        {
            return;
        }

        store.State.FailedAttempts = 0;
        store.State.LockedUntil = null;
        await store.WriteStateAsync();
    }
}
