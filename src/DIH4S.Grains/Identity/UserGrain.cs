using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Live;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Identity;

[GenerateSerializer, Alias("dih4s.UserState")]
public sealed class UserState
{
    [Id(0)] public UserAccount? Account { get; set; }

    /// <summary>Before ADR 0012 (one counter per account); no longer read.</summary>
    [Id(1)] public int FailedAttempts { get; set; }

    /// <summary>Before ADR 0012 (one lockout per account); no longer read.</summary>
    [Id(2)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Live sign-ins, each until its refresh tokens expire (ADR 0011).</summary>
    [Id(3)] public List<UserSession> Sessions { get; set; } = [];

    /// <summary>A coordinator disabled the account: no sign-in, no refresh.</summary>
    [Id(4)] public bool Disabled { get; set; }

    /// <summary>The password was set by a coordinator: the person must choose their own before anything else.</summary>
    [Id(5)] public bool MustChangePassword { get; set; }

    /// <summary>Failures per source address, for the per-source lockout.</summary>
    [Id(6)] public Dictionary<string, SourceFailures> Sources { get; set; } = [];

    /// <summary>Sources the person signed in from, most recent last: exempt from the account throttle.</summary>
    [Id(7)] public List<string> KnownSources { get; set; } = [];

    /// <summary>Failures across all sources, for the account throttle.</summary>
    [Id(8)] public AccountThrottle Throttle { get; set; } = new();
}

[GenerateSerializer, Alias("dih4s.UserSession")]
public sealed class UserSession
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The generation of the only refresh token of this session that still works.</summary>
    [Id(2)] public int Generation { get; set; }
}

[GenerateSerializer, Alias("dih4s.SourceFailures")]
public sealed class SourceFailures
{
    [Id(0)] public int Failures { get; set; }
    [Id(1)] public int Lockouts { get; set; }
    [Id(2)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(3)] public DateTimeOffset LastFailureAt { get; set; }
}

[GenerateSerializer, Alias("dih4s.AccountThrottle")]
public sealed class AccountThrottle
{
    [Id(0)] public int Failures { get; set; }
    [Id(1)] public DateTimeOffset WindowStart { get; set; }
    [Id(2)] public DateTimeOffset? Until { get; set; }
    [Id(3)] public int Level { get; set; }
}

/// <summary>
/// One person's account. Passwords are hashed by the host; the grain keeps the hash, the sessions and
/// the sign-in throttling, and decides each step of them in one call (ADR 0012).
/// </summary>
public sealed class UserGrain(
    [PersistentState("user", DeskStorage.Name)] IPersistentState<UserState> store,
    DeskClock clock,
    IOptions<LockoutOptions> lockout) : Grain, IUserGrain
{
    private UserState State => store.State;

    public async Task<Outcome<UserAccount>> CreateAsync(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (State.Account is not null)
        {
            return DeskProblem.Conflict("This user already exists.");
        }

        State.Account = account;
        await store.WriteStateAsync();
        return account;
    }

    public Task<UserAccount?> GetAsync() => Task.FromResult(State.Account);

    public Task<MemberStatus?> GetStatusAsync() => Task.FromResult(Status());

    public async Task<SignInGate> BeginSignInAsync(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = clock.UtcNow;
        var options = lockout.Value;
        var record = State.Sources.GetValueOrDefault(source);
        var throttled = State.Throttle.Until > now && !State.KnownSources.Contains(source);
        if (State.Account is null || State.Disabled || record?.LockedUntil > now || throttled)
        {
            return new SignInGate(State.Account, Allowed: false);
        }

        // Counted before the password is checked: parallel attempts cannot outrun the lockout.
        record ??= Track(source);
        record.Failures++;
        record.LastFailureAt = now;
        if (record.Failures >= options.MaxFailedAttempts)
        {
            record.LockedUntil = now + options.LockoutAfter(record.Lockouts);
            record.Lockouts++;
            record.Failures = 0;
        }

        var throttle = State.Throttle;
        if (now - throttle.WindowStart >= options.AccountWindow)
        {
            throttle.WindowStart = now;
            throttle.Failures = 0;
        }

        throttle.Failures++;
        if (throttle.Failures >= options.AccountFailuresPerWindow)
        {
            throttle.Until = now + options.LockoutAfter(throttle.Level);
            throttle.Level++;
            throttle.Failures = 0;
            throttle.WindowStart = now;
        }

        await store.WriteStateAsync();
        return new SignInGate(State.Account, Allowed: true);
    }

    public async Task<SessionTicket?> CompleteSignInAsync(string source, DateTimeOffset? sessionUntil)
    {
        ArgumentNullException.ThrowIfNull(source);
        State.Sources.Remove(source);
        State.Throttle.Failures = Math.Max(0, State.Throttle.Failures - 1);
        if (State.Throttle.Until is null || State.Throttle.Until <= clock.UtcNow)
        {
            State.Throttle.Level = 0;
        }

        State.KnownSources.Remove(source);
        State.KnownSources.Add(source);
        if (State.KnownSources.Count > LockoutOptions.KnownSourceCapacity)
        {
            State.KnownSources.RemoveAt(0);
        }

        SessionTicket? ticket = null;
        State.Sessions.RemoveAll(s => s.ExpiresAt <= clock.UtcNow);
        if (sessionUntil is { } expiresAt)
        {
            ticket = new SessionTicket($"ses_{Guid.NewGuid():N}", 0);
            State.Sessions.Add(new UserSession { Id = ticket.SessionId, ExpiresAt = expiresAt });
        }

        await store.WriteStateAsync();
        return ticket;
    }

    public async Task<RefreshResult> RefreshSessionAsync(string sessionId, int generation, string securityStamp, DateTimeOffset expiresAt)
    {
        var session = State.Sessions.Find(s => s.Id == sessionId);
        if (session is null || session.ExpiresAt <= clock.UtcNow || !CurrentStamp(securityStamp))
        {
            return new RefreshResult(RefreshOutcome.Ended, 0);
        }

        if (generation != session.Generation)
        {
            // A refresh token is used once: an old one coming back means a copy exists; end the family.
            await EndSessionsAsync(s => s.Id == sessionId);
            return new RefreshResult(RefreshOutcome.Reused, 0);
        }

        session.Generation++;
        session.ExpiresAt = expiresAt;
        await store.WriteStateAsync();
        return new RefreshResult(RefreshOutcome.Renewed, session.Generation);
    }

    public Task<bool> IsSessionLiveAsync(string sessionId, string securityStamp) =>
        Task.FromResult(CurrentStamp(securityStamp) && State.Sessions.Exists(s => s.Id == sessionId && s.ExpiresAt > clock.UtcNow));

    public Task EndSessionAsync(string sessionId) => EndSessionsAsync(s => s.Id == sessionId);

    public async Task ChangePasswordAsync(string passwordHash, string? keepSessionId)
    {
        if (State.Account is not { } account)
        {
            return;
        }

        State.Account = account with { PasswordHash = passwordHash };
        State.MustChangePassword = false;
        await EndSessionsAsync(s => s.Id != keepSessionId, alwaysWrite: true);
    }

    public async Task SetTemporaryPasswordAsync(string passwordHash)
    {
        if (State.Account is not { } account)
        {
            return;
        }

        State.Account = account with { PasswordHash = passwordHash, SecurityStamp = NewStamp() };
        State.MustChangePassword = true;
        State.Sources.Clear();
        State.Throttle = new AccountThrottle();
        await EndSessionsAsync(_ => true, alwaysWrite: true);
    }

    public async Task<MemberStatus?> SetDisabledAsync(bool disabled)
    {
        if (State.Account is not { } account || State.Disabled == disabled)
        {
            return Status();
        }

        State.Disabled = disabled;
        if (disabled)
        {
            State.Account = account with { SecurityStamp = NewStamp() };
            await EndSessionsAsync(_ => true, alwaysWrite: true);
        }
        else
        {
            await store.WriteStateAsync();
        }

        return Status();
    }

    public async Task<MemberStatus?> SetRolesAsync(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (State.Account is not { } account)
        {
            return null;
        }

        if (!account.Roles.SequenceEqual(roles))
        {
            State.Account = account with { Roles = roles, SecurityStamp = NewStamp() };
            await EndSessionsAsync(_ => true, alwaysWrite: true);
        }

        return Status();
    }

    private MemberStatus? Status() =>
        State.Account is { } account ? new MemberStatus(account, State.Disabled, State.MustChangePassword) : null;

    private bool CurrentStamp(string securityStamp) =>
        State.Account is { } account && !State.Disabled && account.SecurityStamp == securityStamp;

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>Starts tracking a failing source, forgetting the quietest when too many are tracked.</summary>
    private SourceFailures Track(string source)
    {
        var now = clock.UtcNow;
        var quiet = State.Sources.Where(s => !(s.Value.LockedUntil > now) && now - s.Value.LastFailureAt > lockout.Value.MaxLockout);
        foreach (var stale in quiet.Select(s => s.Key).ToList())
        {
            State.Sources.Remove(stale);
        }

        if (State.Sources.Count >= LockoutOptions.TrackedSourceCapacity)
        {
            State.Sources.Remove(State.Sources.MinBy(s => s.Value.LastFailureAt).Key);
        }

        var record = new SourceFailures();
        State.Sources[source] = record;
        return record;
    }

    /// <summary>Ends the matching sessions, and tells every node to close their hub connections.</summary>
    private async Task EndSessionsAsync(Predicate<UserSession> match, bool alwaysWrite = false)
    {
        List<string> ended = [.. State.Sessions.Where(s => match(s)).Select(s => s.Id)];
        State.Sessions.RemoveAll(match);
        if (ended.Count == 0 && !alwaysWrite)
        {
            return;
        }

        await store.WriteStateAsync();
        if (ended.Count > 0)
        {
            await GrainFactory.GetGrain<ILiveHubGrain>(0).PublishAsync(SessionsEnded.For(ended));
        }
    }
}
