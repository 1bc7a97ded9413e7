using DIH4S.Contracts.Identity;

namespace DIH4S.Contracts.Requests;

/// <summary>One service request: the only authority on its state, history and comments.</summary>
[Alias("dih4s.IServiceRequestGrain")]
public interface IServiceRequestGrain : IGrainWithStringKey
{
    /// <summary>Creates the request in state open and offers it to the eligible partners.</summary>
    [Alias("SubmitAsync")]
    Task<Outcome<RequestView>> SubmitAsync(Actor requester, RequestSubmission submission);

    /// <summary>The request as the actor may see it.</summary>
    [Alias("GetAsync")]
    Task<Outcome<RequestView>> GetAsync(Actor actor);

    /// <summary>Performs a lifecycle action; one version per accepted action.</summary>
    [Alias("ActAsync")]
    Task<Outcome<RequestView>> ActAsync(Actor actor, RequestCommand command);

    /// <summary>Adds a public or internal comment; does not change the version.</summary>
    [Alias("AddCommentAsync")]
    Task<Outcome<RequestComment>> AddCommentAsync(Actor actor, string text, bool isInternal);

    /// <summary>The comments the actor may read, oldest first.</summary>
    [Alias("GetCommentsAsync")]
    Task<Outcome<IReadOnlyList<RequestComment>>> GetCommentsAsync(Actor actor);

    /// <summary>One entry per version, in order.</summary>
    [Alias("GetHistoryAsync")]
    Task<Outcome<IReadOnlyList<HistoryEntry>>> GetHistoryAsync(Actor actor);
}

/// <summary>A line of a request index: enough to filter and order without waking the request.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RequestIndexEntry")]
public sealed record RequestIndexEntry(
    [property: Id(0)] string RequestId,
    [property: Id(1)] RequestState State,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>
/// The requests one audience may list: key <c>all</c> for coordinators, or <c>org:{organizationId}</c>
/// for a customer's own requests and a partner's offers and taken requests.
/// </summary>
[Alias("dih4s.IRequestIndexGrain")]
public interface IRequestIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds the request or updates its state.</summary>
    [Alias("UpsertAsync")]
    Task UpsertAsync(RequestIndexEntry entry);

    /// <summary>Removes the request (a partner that declined no longer sees it).</summary>
    [Alias("RemoveAsync")]
    Task RemoveAsync(string requestId);

    /// <summary>A page of request ids, newest first, optionally only those in one state.</summary>
    [Alias("QueryAsync")]
    Task<PageOf<string>> QueryAsync(RequestState? state, int page, int pageSize);
}

/// <summary>Index keys in one place.</summary>
public static class RequestIndexKeys
{
    public const string All = "all";

    public static string Organization(string organizationId) => $"org:{organizationId}";
}
