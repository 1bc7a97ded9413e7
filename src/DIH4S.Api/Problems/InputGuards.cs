using System.Text;
using DIH4S.Api.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace DIH4S.Api.Problems;

/// <summary>
/// The two places where input that no handler should see is turned away, for every API route, present
/// and future (ADR 0013). They run after authorization, just before the endpoint, so an anonymous caller
/// still gets 401 first:
/// <list type="bullet">
/// <item><see cref="RouteIdsAsync"/>: every route value of an <c>/api</c> endpoint names an item (an id or
/// a code); one that is blank, over <see cref="MaxIdLength"/> characters or holds control characters names
/// nothing and answers 404, as an unknown id does, before it can reach <c>GetGrain</c>.</item>
/// <item><see cref="BodiesAsync"/>: a body in a charset .NET cannot decode answers 415, and a JSON
/// <c>null</c> sent to a route that reads a JSON body answers 400 like any body that is not an object
/// (the handlers' body parameters are nullable, so <c>null</c> would otherwise bind as "no body").</item>
/// </list>
/// A middleware rather than an endpoint filter: filters run after the body is bound (too late for the
/// charset) and must be added route by route or group by group, which a new route could forget.
/// </summary>
public static class InputGuards
{
    /// <summary>Longer than any id or code the desk hands out (<c>req_</c> + 32 hex digits; codes at most 64).</summary>
    public const int MaxIdLength = 200;

    /// <summary>How far into a body <see cref="BodiesAsync"/> looks for its first token before giving up.</summary>
    private const int PeekLimit = 64 * 1024;

    public static WebApplication UseDeskInputGuards(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(RouteIdsAsync);
        app.Use(BodiesAsync);
        return app;
    }

    /// <summary>Whether a route value could name an item: not blank, not overlong, no control characters.</summary>
    public static bool CouldNameAnItem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length is > 0 and <= MaxIdLength && !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl);
    }

    private static async Task RouteIdsAsync(HttpContext context, RequestDelegate next)
    {
        if (ApiEndpoint(context) is { } endpoint)
        {
            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                if (context.Request.RouteValues.TryGetValue(parameter.Name, out var value) && value is string text
                    && !CouldNameAnItem(text))
                {
                    await context.WriteProblemAsync(new ProblemDetails
                    {
                        Status = StatusCodes.Status404NotFound,
                        Title = "Not found.",
                        Detail = $"The '{parameter.Name}' in the path names nothing: it is blank, longer than {MaxIdLength} "
                            + "characters or holds control characters.",
                    });
                    return;
                }
            }
        }

        await next(context);
    }

    private static async Task BodiesAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (ApiEndpoint(context) is not { } endpoint || !HasBody(context))
        {
            await next(context);
            return;
        }

        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType);
        var charset = mediaType?.Charset is { HasValue: true } named ? named.Value : null;
        if ((charset is null ? Encoding.UTF8 : EncodingOf(charset)) is not { } encoding)
        {
            await context.WriteProblemAsync(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "The request body's charset is not supported.",
                Detail = $"The charset '{charset}' is unknown; send JSON as UTF-8.",
            });
            return;
        }

        if (ReadsJsonBody(endpoint) && request.HasJsonContentType()
            && await StartsWithNullAsync(request, encoding, context.RequestAborted))
        {
            await context.WriteProblemAsync(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [BadRequestExceptionHandler.BodyField] = ["The body must be a JSON object."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request could not be read.",
                Detail = "The body is JSON null; it must be a JSON object.",
            });
            return;
        }

        await next(context);
    }

    /// <summary>
    /// The encoding a charset names, as the JSON body reader resolves it, or null when .NET has none by that name
    /// (<see cref="MediaTypeHeaderValue.Encoding"/> would throw for UTF-7, which .NET disables).
    /// </summary>
    private static Encoding? EncodingOf(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static RouteEndpoint? ApiEndpoint(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") ? context.GetEndpoint() as RouteEndpoint : null;

    /// <summary>As the minimal API's body binding decides it: only a request that can have a body has one to read.</summary>
    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;

    /// <summary>Routes whose handler binds a body declare the media types they accept (JSON here).</summary>
    private static bool ReadsJsonBody(Endpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Any(a => a.RequestType is not null);

    /// <summary>
    /// Whether the body's first token is <c>null</c>. Anything else that starts with <c>n</c> is not JSON and
    /// is refused by the body binding anyway. The body is buffered, so the endpoint reads it from the start.
    /// </summary>
    private static async Task<bool> StartsWithNullAsync(HttpRequest request, Encoding encoding, CancellationToken cancellationToken)
    {
        request.EnableBuffering(PeekLimit, ApiHosting.MaxRequestBodyBytes);
        var bytes = new byte[1024];
        var seen = new StringBuilder();
        var decoder = encoding.GetDecoder();
        var total = 0;
        try
        {
            while (total < PeekLimit)
            {
                var read = await request.Body.ReadAsync(bytes, cancellationToken);
                var chars = new char[encoding.GetMaxCharCount(Math.Max(read, 1))];
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                seen.Append(chars, 0, count);
                total += read;
                var start = seen.ToString().TrimStart(' ', '\t', '\r', '\n', '\uFEFF');
                if (start.Length >= 4 || read == 0)
                {
                    return start.StartsWith("null", StringComparison.Ordinal);
                }
            }

            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
