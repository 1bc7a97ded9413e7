using System.Net;

namespace DIH4S.Web.Services;

/// <summary>An RFC 9457 problem the API answered with, as the pages show it.</summary>
public sealed class ApiProblem : Exception
{
    public ApiProblem(int status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
        : base(title ?? $"HTTP {status}")
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public ApiProblem()
        : this(0, null, null, null)
    {
    }

    public ApiProblem(string message)
        : this(0, message, null, null)
    {
    }

    public ApiProblem(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    public int Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Validation messages keyed by the field they concern (camelCase, as in the request body).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public bool IsConflict => Status == (int)HttpStatusCode.Conflict;

    public bool IsNotFound => Status == (int)HttpStatusCode.NotFound;

    /// <summary>The messages for one field, joined; null when the field is fine.</summary>
    public string? ErrorFor(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } messages
            ? string.Join(" ", messages)
            : null;
}

/// <summary>The desk could not be reached at all (network down, server stopped).</summary>
public sealed class DeskUnreachable(string message, Exception inner) : Exception(message, inner)
{
    public DeskUnreachable()
        : this("The desk cannot be reached.", new HttpRequestException())
    {
    }

    public DeskUnreachable(string message)
        : this(message, new HttpRequestException())
    {
    }
}

/// <summary>The session ended (signed out elsewhere, expired); the app returns to sign-in.</summary>
public sealed class SessionEnded : Exception
{
    public SessionEnded()
        : base("The session ended; sign in again.")
    {
    }

    public SessionEnded(string message)
        : base(message)
    {
    }

    public SessionEnded(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
