using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace DIH4S.Api.Hosting;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the desk believes. None by default:
/// the headers are then ignored, so a client cannot choose the address its rate limits count against.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of trusted reverse proxies, e.g. <c>10.0.0.5</c> (<c>Proxy__KnownProxies__0</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted reverse proxies in CIDR form, e.g. <c>10.0.0.0/24</c> (<c>Proxy__KnownNetworks__0</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public bool IsValid() =>
        KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => IPNetwork.TryParse(n, out _));
}

/// <summary>The origins other than the desk's own whose scripts may call the API. None by default: CORS stays closed.</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "Cors";

    /// <summary>Origins such as <c>https://partner.example</c> (<c>Cors__AllowedOrigins__0</c>).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public bool IsValid() => AllowedOrigins.All(o =>
        Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/"
        && !o.EndsWith('/'));
}

/// <summary>
/// What the desk does at its edge, before any route (ADR 0013): believes forwarded headers only from
/// configured proxies, sets the security headers on every response, and answers cross-origin calls only
/// from configured origins.
/// </summary>
public static class EdgeHosting
{
    /// <summary>
    /// The content security policy of every response. The web app is Blazor WebAssembly served from the same
    /// origin: its scripts are files (<c>'wasm-unsafe-eval'</c> lets the .NET runtime compile WebAssembly),
    /// MudBlazor sets inline styles, icons may be data URIs, and the API and the live hub (WebSockets) are
    /// the same origin.
    /// </summary>
    public const string ContentSecurityPolicy = DefaultAndScriptSources + " 'wasm-unsafe-eval'; " + OtherSources;

    private const string DefaultAndScriptSources = "default-src 'self'; script-src 'self'";

    private const string OtherSources =
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    /// <summary>
    /// Set on a request whose page carries inline scripts of its own (the API reference): the <c>'sha256-…'</c>
    /// sources that allow exactly those scripts, and no others.
    /// </summary>
    public const string InlineScriptHashesKey = "dih4s.inline-script-hashes";

    /// <summary>HSTS for a year, sent only on responses to HTTPS requests.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static WebApplicationBuilder AddDeskEdge(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.IsValid(), "Proxy:KnownProxies must be IP addresses and Proxy:KnownNetworks CIDR networks (10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; here only what is configured is trusted. Every hop is walked from the
            // nearest, stopping at the first address that is not a trusted proxy.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = null;
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }
        });

        services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.Section)
            .Validate(o => o.IsValid(), "Cors:AllowedOrigins must be origins such as https://partner.example (no path, no trailing slash).")
            .ValidateOnStart();
        var origins = builder.Configuration.GetSection(CrossOriginOptions.Section).Get<CrossOriginOptions>()?.AllowedOrigins ?? [];
        if (origins.Count > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. origins])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders("Location", "Retry-After")));
        }

        return builder;
    }

    /// <summary>
    /// The first middleware of the pipeline: forwarded headers (only with a configured proxy: with no known
    /// proxy at all, ASP.NET Core would believe every sender) and the security headers, set as the response
    /// starts so that error pages written after the exception handler cleared the response carry them too.
    /// </summary>
    public static WebApplication UseDeskEdge(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        var hsts = !app.Environment.IsDevelopment();
        app.Use((context, next) => SecurityHeaders(context, next, hsts));
        return app;
    }

    /// <summary>CORS, when origins are configured; between routing and authentication, so preflights need no token.</summary>
    public static WebApplication UseDeskCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<CrossOriginOptions>>().Value.AllowedOrigins.Count > 0)
        {
            app.UseCors();
        }

        return app;
    }

    /// <summary>HSTS only over HTTPS (a browser ignores it over HTTP) and not in Development, where it would pin localhost to HTTPS.</summary>
    private static Task SecurityHeaders(HttpContext context, RequestDelegate next, bool hsts)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[InlineScriptHashesKey] is string hashes
                ? $"{DefaultAndScriptSources} {hashes} 'wasm-unsafe-eval'; {OtherSources}"
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (hsts && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
