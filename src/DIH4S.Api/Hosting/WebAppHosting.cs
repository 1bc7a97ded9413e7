namespace DIH4S.Api.Hosting;

/// <summary>Serves the web app (DIH4S.Web) at <c>/</c>, from the same origin as the API and the hub (ADR 0010).</summary>
public static class WebAppHosting
{
    /// <summary>
    /// Where a published node runs from: the folder of its assembly, when the web app was published beside
    /// it (<c>wwwroot/index.html</c>). Its settings files and the app are then found whatever the working
    /// directory, which only decides where relative data paths go. Null under <c>dotnet run</c> and in tests,
    /// where the defaults apply (the project folder; the app's files come from the build as static web assets).
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var root = AppContext.BaseDirectory;
        var published = File.Exists(Path.Combine(root, "wwwroot", "index.html"));
        return published
            ? new WebApplicationOptions { Args = args, ContentRootPath = root, WebRootPath = Path.Combine(root, "wwwroot") }
            : new WebApplicationOptions { Args = args };
    }

    public static WebApplication MapDeskWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        // Every path that is not a file and not under /api or /hubs is a page of the app: it routes in the
        // browser. An unknown API path matches nothing and stays a 404 problem (status code pages). A fallback
        // endpoint for /api would not do: it would compete with the API's routes for requests without a
        // content type, which API.md accepts for action bodies.
        app.MapFallbackToFile("/", "index.html");
        app.MapFallbackToFile(AppPages, "index.html");
        return app;
    }

    /// <summary>Any path but a file's, <c>api/...</c> or <c>hubs/...</c> (the root, which a constrained catch-all does not match, is mapped apart).</summary>
    public const string AppPages = "{*path:nonfile:regex(^(?!(api|hubs|openapi)(/|$)).*$)}";
}
