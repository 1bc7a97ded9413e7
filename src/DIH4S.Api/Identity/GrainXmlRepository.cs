using System.Xml.Linq;
using DIH4S.Contracts.Identity;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DIH4S.Api.Identity;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys in a grain, so every node of a cluster protects and
/// reads tokens with the same key ring, and keys survive restarts (ADR 0003). The interface is
/// synchronous; it is called rarely (on start and when keys roll), after the silo is up.
/// </summary>
internal sealed class GrainXmlRepository(IGrainFactory grains) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. grains.GetGrain<IKeyRingGrain>(0).GetElementsAsync().GetAwaiter().GetResult().Select(x => XElement.Parse(x))];

    public void StoreElement(XElement element, string friendlyName) =>
        grains.GetGrain<IKeyRingGrain>(0)
            .StoreElementAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting))
            .GetAwaiter().GetResult();
}
