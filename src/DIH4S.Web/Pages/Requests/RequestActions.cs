using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Requests;

/// <summary>What a person must enter before an action of a request is sent.</summary>
public enum ActionInput
{
    /// <summary>Nothing: the action is sent at once.</summary>
    None,

    /// <summary>A reason (decline, reopen, cancel).</summary>
    Reason,

    /// <summary>A question for the customer (wait-on-customer).</summary>
    Question,

    /// <summary>A summary of what was delivered (deliver).</summary>
    Summary,

    /// <summary>An optional answer to the partner's question (resume).</summary>
    Answer,

    /// <summary>A rating 1–5 and an optional comment (close).</summary>
    Rating,

    /// <summary>The partner to give the request to (assign).</summary>
    Partner,
}

/// <summary>
/// Which actions of a service request the signed-in person is offered, by role, organization and state
/// (API.md's action table). The server decides in the end; this only keeps buttons away from people who
/// would get a 403 or 409 for pressing them.
/// </summary>
public static class RequestActions
{
    public const string Accept = "accept";
    public const string Decline = "decline";
    public const string Assign = "assign";
    public const string Start = "start";
    public const string WaitOnCustomer = "wait-on-customer";
    public const string Resume = "resume";
    public const string Deliver = "deliver";
    public const string Reopen = "reopen";
    public const string Close = "close";
    public const string Cancel = "cancel";

    /// <summary>The actions <paramref name="me"/> may take on <paramref name="request"/> now, in the order the page shows them.</summary>
    public static IReadOnlyList<string> For(Me me, ServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(request);
        var state = request.State;
        var offered = state is RequestStates.Open or RequestStates.Escalated;
        var actions = new List<string>();

        // A partner sees an open request only while it is offered to it (API.md): seeing it makes it eligible.
        // Accept and decline apply to open requests only; an escalated one waits for the hub to assign it.
        if (me.Has(Roles.PartnerStaff) && state == RequestStates.Open && request.PartnerId is null && me.OrganizationId != request.CustomerId)
        {
            actions.Add(Accept);
            actions.Add(Decline);
        }

        if (me.Has(Roles.Coordinator) && offered)
        {
            actions.Add(Assign);
        }

        if (me.Has(Roles.PartnerStaff) && request.PartnerId is not null && request.PartnerId == me.OrganizationId)
        {
            switch (state)
            {
                case RequestStates.Accepted:
                    actions.Add(Start);
                    break;
                case RequestStates.InProgress:
                    actions.Add(WaitOnCustomer);
                    actions.Add(Deliver);
                    break;
            }
        }

        var customer = me.Has(Roles.Requester) && me.OrganizationId == request.CustomerId;
        if (customer)
        {
            switch (state)
            {
                case RequestStates.WaitingOnCustomer:
                    actions.Add(Resume);
                    break;
                case RequestStates.Delivered:
                    actions.Add(Close);
                    actions.Add(Reopen);
                    break;
            }
        }

        var beforeDelivery = state is RequestStates.Open or RequestStates.Escalated or RequestStates.Accepted
            or RequestStates.InProgress or RequestStates.WaitingOnCustomer;
        if ((customer && beforeDelivery) || (me.Has(Roles.Coordinator) && !RequestStates.IsFinal(state)))
        {
            actions.Add(Cancel);
        }

        return actions;
    }

    /// <summary>What the person enters for <paramref name="action"/>.</summary>
    public static ActionInput InputOf(string action) => action switch
    {
        Decline or Reopen or Cancel => ActionInput.Reason,
        WaitOnCustomer => ActionInput.Question,
        Deliver => ActionInput.Summary,
        Resume => ActionInput.Answer,
        Close => ActionInput.Rating,
        Assign => ActionInput.Partner,
        _ => ActionInput.None,
    };

    /// <summary>The body API.md gives the action, from what was entered.</summary>
    public static object Body(string action, string? text, int rating = 0, string? partnerId = null)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return InputOf(action) switch
        {
            ActionInput.Reason => new { reason = trimmed ?? "" },
            ActionInput.Question => new { question = trimmed ?? "" },
            ActionInput.Summary => new { summary = trimmed ?? "" },
            ActionInput.Answer => new { answer = trimmed },
            ActionInput.Rating => new { rating, comment = trimmed },
            ActionInput.Partner => new { partnerId = partnerId ?? "" },
            _ => new { },
        };
    }

    /// <summary>The field of the body a validation error of <paramref name="action"/> names.</summary>
    public static string FieldOf(string action) => InputOf(action) switch
    {
        ActionInput.Reason => "reason",
        ActionInput.Question => "question",
        ActionInput.Summary => "summary",
        ActionInput.Answer => "answer",
        ActionInput.Rating => "comment",
        ActionInput.Partner => "partnerId",
        _ => "",
    };
}
