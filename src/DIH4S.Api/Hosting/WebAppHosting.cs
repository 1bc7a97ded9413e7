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
        app.MapFallbackToFile("index.html");
        return app;
    }

    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such resource.");
}
