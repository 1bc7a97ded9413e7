using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Scalar.AspNetCore;

namespace DIH4S.Api.Hosting;

/// <summary>
/// The interactive API reference at <c>/api/docs</c> (Scalar, served from this node: no CDN), reading the
/// OpenAPI document at <see cref="OpenApiHosting.DocumentPath"/>. Its page starts the reference with an inline
/// script; the page's content security policy allows that script by its hash, and no other inline script.
/// </summary>
public static partial class ApiDocsHosting
{
    public const string Path = "/api/docs";

    public static WebApplication MapDeskApiDocs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(IsPage, page => page.Use(AllowItsInlineScriptsAsync));
        // Nothing that would call out of the desk: no CDN fonts, no telemetry, and none of Scalar's hosted tools.
        app.MapScalarApiReference(Path, options => options
            .WithTitle("DIH4S Desk API")
            .WithOpenApiRoutePattern(OpenApiHosting.RoutePattern)
            .AddPreferredSecuritySchemes(OpenApiHosting.BearerScheme)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools());
        return app;
    }

    /// <summary>The reference's page (the files beside it have an extension).</summary>
    private static bool IsPage(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Path, out var rest) && !System.IO.Path.HasExtension(rest.Value);

    private static async Task AllowItsInlineScriptsAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var page = new MemoryStream();
        context.Response.Body = page;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var html = Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length);
        var hashes = InlineScript().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'")
            .ToList();
        if (hashes.Count > 0)
        {
            context.Items[EdgeHosting.InlineScriptHashesKey] = string.Join(' ', hashes);
        }

        page.Position = 0;
        await page.CopyToAsync(body, context.RequestAborted);
    }

    /// <summary>A script element without a <c>src</c>, and its text.</summary>
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
