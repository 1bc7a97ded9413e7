using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts.Live;
using DIH4S.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

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

    /// <summary>The person's connection quota when they already hold that many on this node; null otherwise.</summary>
    private static int? OverConnectionQuota(HttpContext context, HubConnections connections)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value.HubConnectionsPerUser;
        return context.User.FindFirst(DeskClaims.UserId)?.Value is { } userId && connections.CountFor(userId) >= limit ? limit : null;
    }

    /// <summary>
    /// Maps <c>/hubs/desk</c>. Every request to it carries the router's mark, taken before SignalR's
    /// handshake can complete, so the hub replays what the connection would otherwise miss.
    /// </summary>
    public static WebApplication MapDeskHub(this WebApplication app)
    {
        var router = app.Services.GetRequiredService<LiveRouter>();
        var connections = app.Services.GetRequiredService<HubConnections>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(DeskHub.Path))
            {
                context.Items[LiveRouter.MarkKey] = router.Mark();
                if (context.Request.Path.StartsWithSegments($"{DeskHub.Path}/negotiate") && OverConnectionQuota(context, connections) is { } limit)
                {
                    // Quota (issue 9): one person cannot hold the node's connections.
                    context.Response.Headers.RetryAfter = "60";
                    await context.WriteProblemAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many live connections for one person.",
                        Detail = $"At most {limit} at once; close a tab or window of the desk.",
                    });
                    return;
                }

                if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == DeskHub.Path
                    && context.User.FindFirst(DeskClaims.UserId)?.Value is { } userId)
                {
                    await connections.HoldAsync(userId, () => next(context));
                    return;
                }
            }

            await next(context);
        });
        // A connection lives no longer than its access token: the client reconnects with a fresh one,
        // which a refresh gives only while the session lasts (ADR 0012).
        app.MapHub<DeskHub>(DeskHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
