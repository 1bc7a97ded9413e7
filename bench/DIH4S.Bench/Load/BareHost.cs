using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DIH4S.Bench.Load;

/// <summary>The bare SignalR hub: nothing but connections.</summary>
public sealed class BareHub : Hub;

/// <summary>
/// The live scenario's baseline: a minimal ASP.NET Core host with one SignalR hub at <c>/hubs/bare</c> (JSON
/// protocol, no authentication) that, for each <c>POST /broadcast</c>, sends the posted JSON as
/// <c>RequestChanged</c> to every connection and answers <c>{id}</c> once the send is done.
/// Run as its own process: <c>DIH4S.Bench bare-host --urls http://127.0.0.1:PORT</c>.
/// </summary>
public static class BareHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<BareHub>("/hubs/bare");
        app.MapGet("/health", () => TypedResults.Ok());
        app.MapPost("/broadcast", async (JsonElement message, IHubContext<BareHub> hub) =>
        {
            await hub.Clients.All.SendAsync("RequestChanged", message);
            return TypedResults.Ok(new { id = message.GetProperty("id").GetString() });
        });
        await app.RunAsync();
        return 0;
    }
}
