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
