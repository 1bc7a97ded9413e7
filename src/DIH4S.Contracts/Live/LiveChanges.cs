using DIH4S.Contracts.Requests;
using Orleans.Concurrency;

namespace DIH4S.Contracts.Live;

/// <summary>
/// A change to publish to connected clients. <see cref="Audience"/> lists the SignalR groups
/// (see <see cref="Audiences"/>) whose members may see it.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.LiveChange")]
public abstract record LiveChange([property: Id(0)] IReadOnlyList<string> Audience)
{
    /// <summary>Sends the change as its hub message to the given clients.</summary>
    public abstract Task DeliverToAsync(IDeskClient clients);
}

/// <summary>A service request changed (including a new offer).</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RequestChanged")]
public sealed record RequestChanged([property: Id(0)] RequestView Request, IReadOnlyList<string> Audience) : LiveChange(Audience)
{
    public override Task DeliverToAsync(IDeskClient clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return clients.RequestChanged(Request);
    }
}

/// <summary>What a partner that lost sight of a request it was offered receives, once: why (API.md).</summary>
[GenerateSerializer, Immutable, Alias("dih4s.OfferWithdrawnView")]
public sealed record OfferWithdrawnView([property: Id(0)] string RequestId, [property: Id(1)] string Reason)
{
    public const string Taken = "taken";
    public const string Assigned = "assigned";
    public const string Cancelled = "cancelled";
}

/// <summary>A request was taken, assigned or cancelled: the partners it was offered to lose sight of it.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.OfferWithdrawn")]
public sealed record OfferWithdrawn([property: Id(0)] OfferWithdrawnView Offer, IReadOnlyList<string> Audience) : LiveChange(Audience)
{
    public override Task DeliverToAsync(IDeskClient clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return clients.OfferWithdrawn(Offer);
    }
}

/// <summary>
/// Sessions of a person ended (sign-out, password change, disabling, a role change, a reused refresh
/// token): each node closes the hub connections opened with them. Nothing is sent to clients.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.SessionsEnded")]
public sealed record SessionsEnded(IReadOnlyList<string> Audience) : LiveChange(Audience)
{
    /// <summary>The change addressed to the connections of these sessions.</summary>
    public static SessionsEnded For(IEnumerable<string> sessionIds) => new([.. sessionIds.Select(Audiences.Session)]);

    /// <summary>Nothing is sent: the node closes the connection instead.</summary>
    public override Task DeliverToAsync(IDeskClient clients) => Task.CompletedTask;
}

/// <summary>
/// The messages the live hub sends to its clients; method names are the message names of API.md,
/// matched case-sensitively by the .NET client.
/// </summary>
public interface IDeskClient
{
    /// <summary>Any change of a service request the receiver may see.</summary>
    Task RequestChanged(RequestView request);

    /// <summary>Any change of a lab booking the receiver may see.</summary>
    Task BookingChanged(Labs.BookingView booking);

    /// <summary>Any change of a training seat the receiver may see (its holder, the trainer, coordinators).</summary>
    Task SeatChanged(Trainings.SeatView seat);

    /// <summary>A training was created or its counts changed; every signed-in person receives it.</summary>
    Task TrainingChanged(Trainings.TrainingView training);

    /// <summary>The last message about a request to the partners it was offered to, once another has it or it was cancelled.</summary>
    Task OfferWithdrawn(OfferWithdrawnView offer);
}

/// <summary>SignalR group names, shared by the grains that address them and the hub that fills them.</summary>
public static class Audiences
{
    public const string Coordinators = "coordinators";

    /// <summary>Every signed-in connection (for items everyone may see, such as trainings).</summary>
    public const string Everyone = "everyone";

    public static string Organization(string organizationId) => $"org:{organizationId}";

    public static string User(string userId) => $"user:{userId}";

    /// <summary>The connections opened with one session (sign-in), closed when it ends.</summary>
    public static string Session(string sessionId) => $"session:{sessionId}";
}

/// <summary>A node's live bridge: receives changes and sends them to its own SignalR connections.</summary>
[Alias("dih4s.IDeskNodeObserver")]
public interface IDeskNodeObserver : IGrainObserver
{
    /// <summary>Delivers one change; best effort.</summary>
    [OneWay]
    [Alias("OnChangeAsync")]
    Task OnChangeAsync(LiveChange change);

    /// <summary>Answers while the node is reachable; the registry asks nodes that are Orleans clients, to drop those gone.</summary>
    [Alias("PingAsync")]
    Task PingAsync();
}

/// <summary>
/// The publisher on the calling silo (ADR 0004): a stateless worker that hands each change to every
/// registered node without the caller waiting for any of them, or for the registry.
/// </summary>
[Alias("dih4s.ILiveHubGrain")]
public interface ILiveHubGrain : IGrainWithIntegerKey
{
    /// <summary>Sends the change to every registered node; returns as soon as the call is sent.</summary>
    [OneWay]
    [Alias("PublishAsync")]
    Task PublishAsync(LiveChange change);
}
