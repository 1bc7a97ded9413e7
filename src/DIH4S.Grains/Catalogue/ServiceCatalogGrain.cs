using DIH4S.Contracts;
using DIH4S.Contracts.Catalogue;

namespace DIH4S.Grains.Catalogue;

[GenerateSerializer, Alias("dih4s.ServiceCatalogState")]
public sealed class ServiceCatalogState
{
    [Id(0)] public Dictionary<string, CatalogueService> Services { get; set; } = [];
}

/// <summary>The service catalogue of the hub.</summary>
public sealed class ServiceCatalogGrain(
    [PersistentState("serviceCatalog", DeskStorage.Name)] IPersistentState<ServiceCatalogState> store)
    : Grain, IServiceCatalogGrain
{
    public async Task<Outcome<CatalogueService>> AddAsync(CatalogueService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!store.State.Services.TryAdd(service.Code, service))
        {
            return DeskProblem.Conflict($"A service with code '{service.Code}' already exists.");
        }

        await store.WriteStateAsync();
        return service;
    }

    public Task<CatalogueService?> GetAsync(string code) => Task.FromResult(store.State.Services.GetValueOrDefault(code));

    public Task<IReadOnlyList<CatalogueService>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CatalogueService>>([.. store.State.Services.Values.OrderBy(s => s.Code, StringComparer.Ordinal)]);
}
