using DIH4S.Contracts;
using DIH4S.Contracts.Identity;

namespace DIH4S.Grains.Identity;

[GenerateSerializer, Alias("dih4s.OrganizationRegistryState")]
public sealed class OrganizationRegistryState
{
    [Id(0)] public List<Organization> Organizations { get; set; } = [];
}

/// <summary>Every organization of the hub. A hub has tens to hundreds, so one grain holds them all.</summary>
public sealed class OrganizationRegistryGrain(
    [PersistentState("organizationRegistry", DeskStorage.Name)] IPersistentState<OrganizationRegistryState> store)
    : Grain, IOrganizationRegistryGrain
{
    public async Task<Outcome<Organization>> CreateAsync(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (store.State.Organizations.Any(o => o.Id == organization.Id
                || string.Equals(o.Name, organization.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return DeskProblem.Conflict($"An organization named '{organization.Name}' already exists.");
        }

        store.State.Organizations.Add(organization);
        await store.WriteStateAsync();
        return organization;
    }

    public Task<Organization?> GetAsync(string id) =>
        Task.FromResult(store.State.Organizations.FirstOrDefault(o => o.Id == id));

    public Task<IReadOnlyList<Organization>> ListAsync() =>
        Task.FromResult<IReadOnlyList<Organization>>([.. store.State.Organizations]);

    public Task<IReadOnlyList<string>> PartnersForCategoryAsync(string category) =>
        Task.FromResult<IReadOnlyList<string>>([.. store.State.Organizations
            .Where(o => o.Kind == OrganizationKind.Partner && o.Competences.Contains(category))
            .Select(o => o.Id)]);
}
