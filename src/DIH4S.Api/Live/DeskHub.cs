using DIH4S.Api.Identity;
using DIH4S.Contracts.Live;
using DIH4S.Contracts.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Live;

/// <summary>Messages the server sends; names match API.md exactly.</summary>
public interface IDeskClient
{
    /// <summary>Any change of a service request the receiver may see.</summary>
    Task RequestChanged(RequestView request);
}

/// <summary>
/// The live hub at <c>/hubs/desk</c>. Clients subscribe to nothing: on connect the server puts the
/// connection into the groups its person may see (organization, own user, coordinators).
/// </summary>
[Authorize]
public sealed class DeskHub : Hub<IDeskClient>
{
    public const string Path = "/hubs/desk";

    public override async Task OnConnectedAsync()
    {
        var actor = (Context.User ?? throw new HubException("Not authenticated.")).ToActor();
        await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Organization(actor.OrganizationId));
        await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.User(actor.UserId));
        if (actor.IsCoordinator)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Coordinators);
        }

        await base.OnConnectedAsync();
    }
}
