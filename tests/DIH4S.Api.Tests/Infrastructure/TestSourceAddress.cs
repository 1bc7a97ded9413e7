using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no client address; a test names one with the <c>X-Test-Source</c>
/// header, as if the request came from there (per-source lockout tests).
/// </summary>
public sealed class TestSourceAddress : IStartupFilter
{
    public const string Header = "X-Test-Source";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
