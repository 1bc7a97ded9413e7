using DIH4S.Contracts;

namespace DIH4S.Grains.Tests;

public static class DeskAssertions
{
    /// <summary>Asserts the outcome carries a value and returns it.</summary>
    public static T ShouldSucceed<T>(this Outcome<T> outcome)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        outcome.Problem.ShouldBeNull(outcome.Problem is { } p ? $"{p.Kind}: {p.Title} {p.Detail}" : null);
        return outcome.Value.ShouldNotBeNull();
    }

    /// <summary>Asserts the outcome is a refusal of this kind and returns it.</summary>
    public static DeskProblem ShouldFailWith<T>(this Outcome<T> outcome, ProblemKind kind)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var problem = outcome.Problem.ShouldNotBeNull();
        problem.Kind.ShouldBe(kind, problem.Title);
        return problem;
    }

    /// <summary>Asserts a page's items, in order, and its counts.</summary>
    public static void ShouldBePage(this PageOf<string> actual, string[] items, int total, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(actual);
        actual.Items.ShouldBe(items);
        (actual.Total, actual.Page, actual.PageSize).ShouldBe((total, page, pageSize));
    }
}
