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

    /// <summary>A page of the comments the actor may read, oldest first.</summary>
    [Alias("GetCommentsAsync")]
    Task<Outcome<PageOf<RequestComment>>> GetCommentsAsync(Actor actor, int page = 1, int pageSize = 100);

    /// <summary>A page of the history: one entry per version, in order.</summary>
    [Alias("GetHistoryAsync")]
    Task<Outcome<PageOf<HistoryEntry>>> GetHistoryAsync(Actor actor, int page = 1, int pageSize = 100);

    /// <summary>
    /// Acts on a deadline that has passed (escalates an open request, closes a delivered one); asked by
    /// the deadline sweep when the request's recorded deadline is due. Changes nothing otherwise.
    /// </summary>
    [Alias("CheckDeadlinesAsync")]
    Task CheckDeadlinesAsync();
}
