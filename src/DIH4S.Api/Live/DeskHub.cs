using DIH4S.Api.Identity;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Live;

/// <summary>
/// The live hub at <c>/hubs/desk</c>. Clients subscribe to nothing: on connect the server enters the
/// connection into the audiences its person may see (everyone, organization, own user, coordinators)
/// and replays what changed for them since the connection began (ADR 0004).
/// </summary>
[Authorize]
public sealed partial class DeskHub(LiveRouter router, HubConnections connections, IGrainFactory grains, ILogger<DeskHub> logger)
    : Hub<IDeskClient>
{
    public const string Path = "/hubs/desk";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User ?? throw new HubException("Not authenticated.");
        var actor = user.ToActor();
        var sessionId = user.FindFirst(DeskClaims.Session)?.Value ?? "";
        connections.Add(Context);
        if (!await grains.GetGrain<IUserGrain>(actor.UserId).IsSessionLiveAsync(sessionId, user.FindFirst(DeskClaims.SecurityStamp)?.Value ?? ""))
        {
            // The token is still within its lifetime, but its session ended (ADR 0012).
            Context.Abort();
            return;
        }

        List<string> audiences =
            [Audiences.Everyone, Audiences.Organization(actor.OrganizationId), Audiences.User(actor.UserId), Audiences.Session(sessionId)];
        if (actor.IsCoordinator)
        {
            audiences.Add(Audiences.Coordinators);
        }

        var mark = Context.GetHttpContext()?.Items[LiveRouter.MarkKey] as long? ?? router.Mark();
        if (!await router.JoinAsync(Context.ConnectionId, audiences, mark))
        {
            LogReplayIncomplete(logger, Context.ConnectionId);
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        router.Leave(Context.ConnectionId);
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId} joined too late to receive every change since it began; its client re-reads over REST")]
    private static partial void LogReplayIncomplete(ILogger logger, string connectionId);
}
