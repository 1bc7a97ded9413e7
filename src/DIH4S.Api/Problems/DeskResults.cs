using DIH4S.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DIH4S.Api.Problems;

/// <summary>Turns grain refusals and validation failures into RFC 9457 problem+json.</summary>
public static class DeskResults
{
    /// <summary>
    /// Writes a problem from middleware, outside any endpoint (input guards, the password-change gate, limits):
    /// the status code, then the body through the host's problem-details service.
    /// </summary>
    public static async Task WriteProblemAsync(this HttpContext context, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.StatusCode = problem.Status!.Value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }

    public static ProblemHttpResult ToHttp(this DeskProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var status = problem.Kind switch
        {
            ProblemKind.Invalid => StatusCodes.Status400BadRequest,
            ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
            ProblemKind.NotFound => StatusCodes.Status404NotFound,
            ProblemKind.Conflict => StatusCodes.Status409Conflict,
            ProblemKind.TooMany => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status500InternalServerError,
        };
        ProblemDetails details = problem.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        details.Status = status;
        details.Title = problem.Title;
        details.Detail = problem.Detail;
        return TypedResults.Problem(details);
    }

    /// <summary>403 for a role that may never perform the action.</summary>
    public static ProblemHttpResult Forbidden(string detail) => DeskProblem.Forbidden(detail).ToHttp();

    public static ProblemHttpResult NotFound(string what) => DeskProblem.NotFound(what).ToHttp();

    /// <summary>401 for a request that carries neither a valid token nor another accepted credential.</summary>
    public static ProblemHttpResult Unauthorized(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.", detail: detail);
}

/// <summary>Collects field errors; answers 400 with an <c>errors</c> object keyed by field.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Failed => _errors.Count > 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public Validation Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    /// <summary>A required text of at most <paramref name="maxLength"/> characters (after trimming).</summary>
    public Validation Text(string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, $"'{field}' is required.") : this;
        }

        return Check(value.Trim().Length <= maxLength, field, $"'{field}' must have at most {maxLength} characters.");
    }

    /// <summary>A lowercase code: letters a-z, digits and dashes, 1 to 64 characters.</summary>
    public Validation Slug(string? value, string field, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            return required ? Add(field, $"'{field}' is required.") : this;
        }

        return Check(Slugs.IsValid(value), field, $"'{field}' must be a lowercase slug (a-z, 0-9, '-'), at most 64 characters.");
    }

    public Validation OneOf(string? value, string field, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (value is null)
        {
            return required ? Add(field, $"'{field}' is required.") : this;
        }

        return Check(allowed.Contains(value), field, $"'{field}' must be one of: {string.Join(", ", allowed)}.");
    }

    public ProblemHttpResult ToHttp() =>
        new DeskProblem(ProblemKind.Invalid, "One or more fields are invalid.", null,
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray())).ToHttp();
}

public static class Slugs
{
    public static bool IsValid(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && value[0] != '-' && value[^1] != '-';
}
