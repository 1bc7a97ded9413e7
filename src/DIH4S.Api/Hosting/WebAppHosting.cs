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
        // An unknown API or hub path is a 404 problem, never the app's page.
        app.MapFallback("/api/{**rest}", NotFound).ExcludeFromDescription();
        app.MapFallback("/hubs/{**rest}", NotFound).ExcludeFromDescription();
        // Every other path that is not a file is a page of the app: it routes in the browser.
        app.MapFallbackToFile("index.html");
        return app;
    }

    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such resource.");
}
