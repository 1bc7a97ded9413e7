using DIH4S.Api.Identity;
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
public sealed partial class DeskHub(LiveRouter router, ILogger<DeskHub> logger) : Hub<IDeskClient>
{
    public const string Path = "/hubs/desk";

    public override async Task OnConnectedAsync()
    {
        var actor = (Context.User ?? throw new HubException("Not authenticated.")).ToActor();
        List<string> audiences = [Audiences.Everyone, Audiences.Organization(actor.OrganizationId), Audiences.User(actor.UserId)];
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
        return base.OnDisconnectedAsync(exception);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId} joined too late to receive every change since it began; its client re-reads over REST")]
    private static partial void LogReplayIncomplete(ILogger logger, string connectionId);
}
