using Microsoft.Extensions.FileProviders;

namespace DIH4S.Api.Hosting;

/// <summary>Serves the web app (DIH4S.Web) at <c>/</c>, from the same origin as the API and the hub (ADR 0010).</summary>
public static class WebAppHosting
{
    public static WebApplication MapDeskWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        // An unknown API or hub path is a 404 problem, never the app's page.
        app.MapFallback("/api/{**rest}", NotFound).ExcludeFromDescription();
        app.MapFallback("/hubs/{**rest}", NotFound).ExcludeFromDescription();
        // Every other path that is not a file is a page of the app: it routes in the browser.
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = AppFiles(app.Environment) });
        return app;
    }

    /// <summary>
    /// A published node keeps the app in <c>wwwroot</c> beside its assembly; serve it from there whatever the
    /// working directory (which only decides where relative data paths go). Under <c>dotnet run</c> the app's
    /// files come from the build (static web assets), through the environment's web root.
    /// </summary>
    private static IFileProvider AppFiles(IWebHostEnvironment environment)
    {
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return File.Exists(Path.Combine(published, "index.html"))
            ? new PhysicalFileProvider(published)
            : environment.WebRootFileProvider;
    }

    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such resource.");
}
