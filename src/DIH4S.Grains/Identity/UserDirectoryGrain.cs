using DIH4S.Contracts.Identity;

namespace DIH4S.Grains.Identity;

[GenerateSerializer, Alias("dih4s.UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>Entries by normalized (trimmed, lower-case) e-mail address.</summary>
    [Id(0)] public Dictionary<string, DirectoryEntry> ByEmail { get; set; } = [];
}

/// <summary>Keeps e-mail addresses unique: reserving one is a single grain call, so two sign-ups cannot both win.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState("userDirectory", DeskStorage.Name)] IPersistentState<UserDirectoryState> store)
    : Grain, IUserDirectoryGrain
{
    public async Task<bool> ReserveAsync(string email, DirectoryEntry entry)
    {
        var key = Normalize(email);
        if (!store.State.ByEmail.TryAdd(key, entry))
        {
            return false;
        }

        await store.WriteStateAsync();
        return true;
    }

    public Task<DirectoryEntry?> FindAsync(string email) =>
        Task.FromResult(store.State.ByEmail.GetValueOrDefault(Normalize(email)));

    public Task<IReadOnlyList<string>> MembersOfAsync(string organizationId) =>
        Task.FromResult<IReadOnlyList<string>>([.. store.State.ByEmail.Values
            .Where(e => e.OrganizationId == organizationId).Select(e => e.UserId)]);

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
