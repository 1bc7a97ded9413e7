using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DIH4S.Api.Problems;

/// <summary>
/// Malformed JSON, wrong types, unreadable query values and oversized bodies surface as
/// <see cref="BadHttpRequestException"/> (route handlers are set to throw them). This answers them as
/// problem+json with their status and, where a field is to blame, an <c>errors</c> object keyed by it,
/// like every other validation problem; .NET type names never reach the client.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>The field key for a body that is not JSON at all, or not an object.</summary>
    public const string BodyField = "body";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = Describe(bad),
        });
    }

    private static ProblemDetails Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = "The request body is too large." };
        }

        if (bad.StatusCode != StatusCodes.Status400BadRequest || FieldError(bad) is not var (field, message))
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read." };
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
            Detail = message,
        };
    }

    private static (string Field, string Message)? FieldError(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            return field == BodyField
                ? (field, "The body must be a JSON object.")
                : (field, $"'{field}' has the wrong type or an unreadable value.");
        }

        if (BindFailure().Match(bad.Message) is { Success: true } bound)
        {
            var name = bound.Groups["name"].Value;
            var type = bound.Groups["type"].Value;
            var expected = type.Contains("int", StringComparison.OrdinalIgnoreCase) ? "a whole number"
                : type.Contains("bool", StringComparison.OrdinalIgnoreCase) ? "true or false"
                : "a value of the documented type";
            return (name, $"'{name}' must be {expected}.");
        }

        return bad.Message.Contains("request body", StringComparison.OrdinalIgnoreCase)
            ? (BodyField, "The body must be a JSON object.")
            : null;
    }

    /// <summary><c>$.managerIds[2]</c> → <c>managerIds[2]</c>; the root (<c>$</c>) or no path → <see cref="BodyField"/>.</summary>
    private static string FieldOf(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path is { Length: > 1 } && path.StartsWith("$[", StringComparison.Ordinal) ? path[1..]
        : BodyField;

    /// <summary>ASP.NET Core's message for a route, query or header value it could not convert.</summary>
    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\" from ", RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();
}
