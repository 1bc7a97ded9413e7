using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Requests;

/// <summary>What an accepted command does to a request.</summary>
/// <param name="To">The state afterwards.</param>
/// <param name="Note">Free text kept in the history (reason, question, summary...).</param>
/// <param name="AssignPartnerId">The partner that takes the request, on accept and assign.</param>
public sealed record RequestTransition(RequestState To, string? Note = null, string? AssignPartnerId = null);

/// <summary>
/// The lifecycle of a service request as pure decisions: who may do what, in which state.
/// Checks run in a fixed order: visibility (404, so nothing tells an unseen request exists), role (403),
/// then party and state (409). A partner that was offered a request and lost sight of it still gets its
/// 409 for accepting or declining: it knows the request exists.
/// </summary>
public static class RequestRules
{
    /// <summary>States from which nothing moves.</summary>
    public static bool IsFinal(RequestState state) => state is RequestState.Closed or RequestState.Cancelled;

    /// <summary>Whether the actor may see the request at all.</summary>
    public static bool CanSee(ServiceRequestState request, Actor actor) =>
        actor.IsCoordinator || request.VisibleTo().Contains(actor.OrganizationId);

    /// <summary>Whether the actor may read internal comments: coordinators and the assigned partner's staff.</summary>
    public static bool CanReadInternal(ServiceRequestState request, Actor actor) =>
        actor.IsCoordinator || (actor.Has(DeskRoles.PartnerStaff) && request.PartnerId == actor.OrganizationId);

    /// <summary>
    /// Whether the actor, who may see the request, may comment on it: while it is open every partner it
    /// is offered to may ask; once a partner has it, the partners that lost it only read.
    /// </summary>
    public static DeskProblem? CommentProblem(ServiceRequestState request, Actor actor) =>
        request.PartnerId is { } assigned && !actor.IsCoordinator
            && actor.OrganizationId != request.CustomerId && actor.OrganizationId != assigned
            ? DeskProblem.Conflict(
                "The request was taken by another partner.",
                "Only the customer, the assigned partner's staff and coordinators comment on it now.")
            : null;

    /// <summary>Decides a command against the current state.</summary>
    public static Outcome<RequestTransition> Decide(ServiceRequestState request, Actor actor, RequestCommand command)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);

        if (!CanSee(request, actor))
        {
            var wasOffered = actor.Has(DeskRoles.PartnerStaff) && request.OfferedPartnerIds.Contains(actor.OrganizationId)
                && !request.DeclinedPartnerIds.Contains(actor.OrganizationId);
            return (command, wasOffered) switch
            {
                (AcceptRequest, true) => Accept(request, actor),
                (DeclineRequest decline, true) => Decline(request, actor, decline.Reason),
                _ => DeskProblem.NotFound("Request"),
            };
        }

        if (RoleProblem(actor, command) is { } forbidden)
        {
            return forbidden;
        }

        return command switch
        {
            AcceptRequest => Accept(request, actor),
            DeclineRequest decline => Decline(request, actor, decline.Reason),
            AssignRequest assign => From(request, [RequestState.Open, RequestState.Escalated], command,
                new RequestTransition(RequestState.Accepted, null, assign.PartnerId)),
            StartRequest => OrElse(ByAssignedPartner(request, actor), () => From(request, [RequestState.Accepted], command,
                new RequestTransition(RequestState.InProgress))),
            WaitOnCustomer wait => OrElse(ByAssignedPartner(request, actor), () => From(request, [RequestState.InProgress], command,
                new RequestTransition(RequestState.WaitingOnCustomer, wait.Question))),
            ResumeRequest resume => OrElse(actor.Has(DeskRoles.Requester) ? null : ByAssignedPartner(request, actor), () =>
                From(request, [RequestState.WaitingOnCustomer], command, new RequestTransition(RequestState.InProgress, resume.Answer))),
            DeliverRequest deliver => OrElse(ByAssignedPartner(request, actor), () => From(request, [RequestState.InProgress], command,
                new RequestTransition(RequestState.Delivered, deliver.Summary))),
            ReopenRequest reopen => From(request, [RequestState.Delivered], command,
                new RequestTransition(RequestState.InProgress, reopen.Reason)),
            CloseRequest close => Close(request, command, close),
            CancelRequest cancel => Cancel(request, actor, cancel),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown request command."),
        };
    }

    private static DeskProblem? RoleProblem(Actor actor, RequestCommand command)
    {
        bool allowed = command switch
        {
            AcceptRequest or DeclineRequest or StartRequest or WaitOnCustomer or DeliverRequest => actor.Has(DeskRoles.PartnerStaff),
            AssignRequest => actor.IsCoordinator,
            ReopenRequest or CloseRequest => actor.Has(DeskRoles.Requester),
            ResumeRequest => actor.Has(DeskRoles.Requester) || actor.Has(DeskRoles.PartnerStaff),
            CancelRequest => actor.Has(DeskRoles.Requester) || actor.IsCoordinator,
            _ => false,
        };

        return allowed ? null : DeskProblem.Forbidden($"Your roles do not allow '{command.Action}' on a service request.");
    }

    private static Outcome<RequestTransition> Accept(ServiceRequestState request, Actor actor)
    {
        if (request.PartnerId == actor.OrganizationId)
        {
            return DeskProblem.Conflict("Your organization already has this request.");
        }

        if (request.State != RequestState.Open)
        {
            return request.PartnerId is not null
                ? DeskProblem.Conflict("Another partner has already taken this request.")
                : StateConflict(request, "accept");
        }

        if (request.DeclinedPartnerIds.Contains(actor.OrganizationId))
        {
            return DeskProblem.Conflict("Your organization declined this request.");
        }

        return new RequestTransition(RequestState.Accepted, null, actor.OrganizationId);
    }

    private static Outcome<RequestTransition> Decline(ServiceRequestState request, Actor actor, string reason)
    {
        if (request.State != RequestState.Open)
        {
            return StateConflict(request, "decline");
        }

        if (!request.EligiblePartners.Contains(actor.OrganizationId))
        {
            return DeskProblem.Conflict("This request is not offered to your organization.");
        }

        var othersLeft = request.EligiblePartners.Any(p => p != actor.OrganizationId);
        return new RequestTransition(othersLeft ? RequestState.Open : RequestState.Escalated, reason);
    }

    private static Outcome<RequestTransition> Close(ServiceRequestState request, RequestCommand command, CloseRequest close)
    {
        if (close.Rating is < 1 or > 5)
        {
            return DeskProblem.Invalid("rating", "The rating must be a whole number from 1 to 5.");
        }

        return From(request, [RequestState.Delivered], command, new RequestTransition(RequestState.Closed, close.Comment));
    }

    private static Outcome<RequestTransition> Cancel(ServiceRequestState request, Actor actor, CancelRequest cancel)
    {
        if (IsFinal(request.State))
        {
            return StateConflict(request, "cancel");
        }

        if (!actor.IsCoordinator && request.State == RequestState.Delivered)
        {
            return DeskProblem.Conflict(
                "A delivered request cannot be cancelled by the customer.",
                "Close it with a rating, reopen it, or ask a coordinator.");
        }

        return new RequestTransition(RequestState.Cancelled, cancel.Reason);
    }

    private static Outcome<RequestTransition> OrElse(DeskProblem? problem, Func<Outcome<RequestTransition>> next) =>
        problem is not null ? problem : next();

    private static DeskProblem? ByAssignedPartner(ServiceRequestState request, Actor actor) =>
        request.PartnerId == actor.OrganizationId
            ? null
            : DeskProblem.Conflict(
                request.PartnerId is null
                    ? "Nobody has taken this request yet."
                    : "This request is assigned to another partner.");

    private static Outcome<RequestTransition> From(
        ServiceRequestState request, RequestState[] allowed, RequestCommand command, RequestTransition transition) =>
        allowed.Contains(request.State) ? transition : StateConflict(request, command.Action);

    private static DeskProblem StateConflict(ServiceRequestState request, string action) =>
        DeskProblem.Conflict(
            $"A request that is {Kebab(request.State)} cannot take '{action}'.",
            $"The request is at version {request.Version}; re-read it and try again if it changed.");

    /// <summary>The API's spelling of a state.</summary>
    public static string Kebab(RequestState state) => state switch
    {
        RequestState.InProgress => "in-progress",
        RequestState.WaitingOnCustomer => "waiting-on-customer",
        _ => state.ToString().ToLowerInvariant(),
    };
}
