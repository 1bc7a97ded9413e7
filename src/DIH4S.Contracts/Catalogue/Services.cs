namespace DIH4S.Contracts.Catalogue;

/// <summary>The EDIH service families.</summary>
public static class ServiceFamilies
{
    public static readonly IReadOnlyList<string> All =
        ["test-before-invest", "skills-and-training", "access-to-finance", "ecosystem-and-networking"];
}

/// <summary>A service of the catalogue.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.CatalogueService")]
public sealed record CatalogueService(
    [property: Id(0)] string Code,
    [property: Id(1)] string Title,
    [property: Id(2)] string Family,
    [property: Id(3)] string Category,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>The hub's service catalogue.</summary>
[Alias("dih4s.IServiceCatalogGrain")]
public interface IServiceCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a service; refuses a duplicate code.</summary>
    [Alias("AddAsync")]
    Task<Outcome<CatalogueService>> AddAsync(CatalogueService service);

    /// <summary>The service with this code, or null.</summary>
    [Alias("GetAsync")]
    Task<CatalogueService?> GetAsync(string code);

    /// <summary>Every service, by code.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<CatalogueService>> ListAsync();
}
