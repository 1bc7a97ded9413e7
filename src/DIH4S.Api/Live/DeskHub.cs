using DIH4S.Api.Identity;
using DIH4S.Contracts.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Live;

/// <summary>
/// The live hub at <c>/hubs/desk</c>. Clients subscribe to nothing: on connect the server puts the
/// connection into the groups its person may see (everyone, organization, own user, coordinators).
/// </summary>
[Authorize]
public sealed class DeskHub : Hub<IDeskClient>
{
    public const string Path = "/hubs/desk";

    public override async Task OnConnectedAsync()
    {
        var actor = (Context.User ?? throw new HubException("Not authenticated.")).ToActor();
        await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Everyone);
        await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Organization(actor.OrganizationId));
        await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.User(actor.UserId));
        if (actor.IsCoordinator)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Coordinators);
        }

        await base.OnConnectedAsync();
    }
}
