using DIH4S.Contracts.Live;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Live;

/// <summary>Wires the live hub: this node's router and bridge, and the hub endpoint.</summary>
public static class LiveHosting
{
    public static WebApplicationBuilder AddDeskLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddSingleton(services =>
        {
            var hub = services.GetRequiredService<IHubContext<DeskHub, IDeskClient>>();
            var connections = services.GetRequiredService<HubConnections>();
            return new LiveRouter(TimeProvider.System, (connectionId, change) => change is SessionsEnded
                ? connections.CloseAsync(connectionId)
                : change.DeliverToAsync(hub.Clients.Client(connectionId)));
        });
        builder.Services.AddHostedService<NodeBridge>();
        return builder;
    }

    /// <summary>
    /// Maps <c>/hubs/desk</c>. Every request to it carries the router's mark, taken before SignalR's
    /// handshake can complete, so the hub replays what the connection would otherwise miss.
    /// </summary>
    public static WebApplication MapDeskHub(this WebApplication app)
    {
        var router = app.Services.GetRequiredService<LiveRouter>();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(DeskHub.Path))
            {
                context.Items[LiveRouter.MarkKey] = router.Mark();
            }

            return next(context);
        });
        // A connection lives no longer than its access token: the client reconnects with a fresh one,
        // which a refresh gives only while the session lasts (ADR 0012).
        app.MapHub<DeskHub>(DeskHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
