namespace DIH4S.Contracts;

/// <summary>The kinds of refusal a grain can answer with; the API maps each to one HTTP status.</summary>
public enum ProblemKind
{
    /// <summary>The input is malformed or out of range (400).</summary>
    Invalid,

    /// <summary>The caller's roles may never perform this action (403).</summary>
    Forbidden,

    /// <summary>The item does not exist or the caller may not see it (404).</summary>
    NotFound,

    /// <summary>The item's state does not allow the action, or another party got there first (409).</summary>
    Conflict,

    /// <summary>A quota is used up: the title names which (429).</summary>
    TooMany,
}

/// <summary>A refusal with a human-readable explanation, carried across the grain boundary instead of an exception.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.DeskProblem")]
public sealed record DeskProblem(
    [property: Id(0)] ProblemKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Detail = null,
    [property: Id(3)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>An unknown item, or one the caller may not see: both answer alike.</summary>
    public static DeskProblem NotFound(string what) => new(ProblemKind.NotFound, $"{what} not found.");

    /// <summary>The caller's roles never allow this action.</summary>
    public static DeskProblem Forbidden(string detail) => new(ProblemKind.Forbidden, "Not allowed for your role.", detail);

    /// <summary>The item's state (or a competing caller) prevents the action.</summary>
    public static DeskProblem Conflict(string title, string? detail = null) => new(ProblemKind.Conflict, title, detail);

    /// <summary>A quota is used up (issue 9): the title names the limit, the detail what to do.</summary>
    public static DeskProblem TooMany(string title, string? detail = null) => new(ProblemKind.TooMany, title, detail);

    /// <summary>One field is invalid.</summary>
    public static DeskProblem Invalid(string field, string message) =>
        new(ProblemKind.Invalid, "One or more fields are invalid.", null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Either a value or a <see cref="DeskProblem"/>.</summary>
/// <typeparam name="T">The value's type.</typeparam>
[GenerateSerializer, Immutable, Alias("dih4s.Outcome`1")]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] DeskProblem? Problem)
{
    /// <summary>Wraps a value.</summary>
    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>Wraps a refusal.</summary>
    public static implicit operator Outcome<T>(DeskProblem problem) => new(default, problem);
}

/// <summary>One page of a list, in the shape every list of the API has.</summary>
/// <typeparam name="T">The item type.</typeparam>
[GenerateSerializer, Immutable, Alias("dih4s.PageOf`1")]
public sealed record PageOf<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);

/// <summary>Factory for outcomes whose value type is an interface (C# has no implicit conversion from those).</summary>
public static class Outcome
{
    /// <summary>A successful outcome.</summary>
    public static Outcome<T> Ok<T>(T value) => new(value, null);
}
