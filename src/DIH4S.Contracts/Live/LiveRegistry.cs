namespace DIH4S.Contracts.Live;

/// <summary>
/// A node's live bridge as registered: its id, its observer and the silo it is co-hosted with, or null
/// for a node that is an Orleans client. The registry drops a node when its silo is declared dead.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.LiveNode")]
public sealed record LiveNode(
    [property: Id(0)] string NodeId,
    [property: Id(1)] IDeskNodeObserver Observer,
    [property: Id(2)] SiloAddress? Silo);

/// <summary>The registry's node list at one version: what each silo's directory holds and publishes to.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.LiveNodeList")]
public sealed record LiveNodeList(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] SiloAddress Registry,
    [property: Id(3)] IReadOnlyList<LiveNode> Nodes)
{
    /// <summary>
    /// Whether this list replaces <paramref name="held"/>: a later version from the same activation of the
    /// registry (<see cref="Epoch"/>), or any list from another one.
    /// </summary>
    public bool Supersedes(LiveNodeList? held) => held is null || held.Epoch != Epoch || Version > held.Version;
}

/// <summary>A silo's directory of nodes, kept current by the registry.</summary>
[Alias("dih4s.ILiveDirectoryObserver")]
public interface ILiveDirectoryObserver : IGrainObserver
{
    /// <summary>Replaces the directory's list, unless it already holds a later one; answers once it is in use.</summary>
    [Alias("UpdateAsync")]
    Task UpdateAsync(LiveNodeList nodes);
}

/// <summary>
/// The registry of node bridges and silo directories (ADR 0004). No change passes through it: it only
/// keeps every silo's directory current, following cluster membership.
/// </summary>
[Alias("dih4s.ILiveRegistryGrain")]
public interface ILiveRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers a node, or refreshes its registration (nothing happens when nothing changed). Returns
    /// once every silo's directory holds it (or was given up on), so the node receives every change
    /// published after this returns.
    /// </summary>
    [Alias("RegisterNodeAsync")]
    Task RegisterNodeAsync(LiveNode node);

    /// <summary>Removes a node's registration when the node shuts down.</summary>
    [Alias("UnregisterNodeAsync")]
    Task UnregisterNodeAsync(string nodeId);

    /// <summary>
    /// Registers a silo's directory (again) and returns the current list. <paramref name="known"/> is the
    /// list the directory holds: a registry that has just started elsewhere (its silo died) takes it over.
    /// </summary>
    [Alias("RegisterDirectoryAsync")]
    Task<LiveNodeList> RegisterDirectoryAsync(SiloAddress silo, ILiveDirectoryObserver directory, IReadOnlyList<LiveNode> known);

    /// <summary>The nodes registered now.</summary>
    [Alias("GetNodesAsync")]
    Task<IReadOnlyList<LiveNode>> GetNodesAsync();
}
