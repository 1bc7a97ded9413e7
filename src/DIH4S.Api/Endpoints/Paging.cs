using DIH4S.Api.Problems;
using DIH4S.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DIH4S.Api.Endpoints;

/// <summary>The list conventions of the API: <c>page</c> from 1, <c>pageSize</c> 20 by default and at most 100.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static Paging From(int? page, int? pageSize, Validation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation
            .Check(page is null or >= 1, "page", "'page' starts at 1.")
            .Check(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"'pageSize' must be from 1 to {MaxPageSize}.");
        return new Paging(page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>Validates the paging, reads the whole list and answers one page of it, or the read's problem.</summary>
    public static async Task<Results<Ok<PageOf<T>>, ProblemHttpResult>> PageOfAsync<T>(
        int? page, int? pageSize, Func<Task<Outcome<IReadOnlyList<T>>>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var validation = new Validation();
        var paging = From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var outcome = await read();
        return outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(paging.Slice(outcome.Value!));
    }

    /// <summary>A page read by the grain, which answers for the caller's right to it.</summary>
    public static async Task<Results<Ok<PageOf<T>>, ProblemHttpResult>> PageAsync<T>(
        int? page, int? pageSize, Func<Paging, Task<Outcome<PageOf<T>>>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var validation = new Validation();
        var paging = From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var outcome = await read(paging);
        return outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(outcome.Value!);
    }

    public PageOf<T> Slice<T>(IReadOnlyList<T> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return new PageOf<T>([.. all.Skip((Page - 1) * PageSize).Take(PageSize)], all.Count, Page, PageSize);
    }
}
