using System.Text.Json;
using DIH4S.Api.Hosting;
using DIH4S.Api.Problems;

namespace DIH4S.Api.Endpoints;

/// <summary>
/// Actions without a body (API.md: "accept an empty body or <c>{}</c>, with or without a content
/// type") still read what is sent: a body that is not a JSON object is a 400 and one over the size
/// limit a 413, before the action runs — bad input never changes state, even where it would be ignored.
/// </summary>
public static class NoBody
{
    public static RouteHandlerBuilder TakesNoBody(this RouteHandlerBuilder route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.AddEndpointFilter(async (context, next) =>
        {
            var refusal = await RefusalAsync(context.HttpContext.Request);
            return refusal ?? await next(context);
        });
    }

    private static async Task<IResult?> RefusalAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > ApiHosting.MaxRequestBodyBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
            }

            body.Write(chunk, 0, read);
        }

        if (body.Length == 0 || IsJsonObject(body.GetBuffer().AsMemory(0, (int)body.Length)))
        {
            return null;
        }

        return new Validation().Add(BadRequestExceptionHandler.BodyField, "This action takes no body: send nothing or {}.").ToHttp();
    }

    private static bool IsJsonObject(ReadOnlyMemory<byte> text)
    {
        if (text.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
