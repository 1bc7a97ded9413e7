namespace DIH4S.Contracts.Requests;

/// <summary>The names of the changes in a request's history: the API's action names and the desk's own.</summary>
public static class RequestActions
{
    public const string Submitted = "submitted";
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

    /// <summary>The desk escalated the request (deadline passed, or nobody can take it).</summary>
    public const string Escalated = "escalated";

    /// <summary>The desk closed a delivered request the customer did not answer.</summary>
    public const string AutoClosed = "auto-closed";
}

/// <summary>An action on a service request, named as in the API route.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RequestCommand")]
public abstract record RequestCommand
{
    /// <summary>The action's name as it appears in routes and history.</summary>
    public abstract string Action { get; }
}

/// <summary>A partner takes an open request; the first one wins.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.AcceptRequest")]
public sealed record AcceptRequest : RequestCommand
{
    public override string Action => RequestActions.Accept;
}

/// <summary>A partner turns the offer down.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.DeclineRequest")]
public sealed record DeclineRequest([property: Id(0)] string Reason) : RequestCommand
{
    public override string Action => RequestActions.Decline;
}

/// <summary>A coordinator gives an open or escalated request to a partner.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.AssignRequest")]
public sealed record AssignRequest([property: Id(0)] string PartnerId) : RequestCommand
{
    public override string Action => RequestActions.Assign;
}

/// <summary>The assigned partner starts the work.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.StartRequest")]
public sealed record StartRequest : RequestCommand
{
    public override string Action => RequestActions.Start;
}

/// <summary>The assigned partner needs an answer from the customer; the SLA clock pauses.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.WaitOnCustomer")]
public sealed record WaitOnCustomer([property: Id(0)] string Question) : RequestCommand
{
    public override string Action => RequestActions.WaitOnCustomer;
}

/// <summary>Work resumes after waiting on the customer.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.ResumeRequest")]
public sealed record ResumeRequest([property: Id(0)] string? Answer) : RequestCommand
{
    public override string Action => RequestActions.Resume;
}

/// <summary>The assigned partner delivers the service.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.DeliverRequest")]
public sealed record DeliverRequest([property: Id(0)] string Summary) : RequestCommand
{
    public override string Action => RequestActions.Deliver;
}

/// <summary>The customer is not satisfied with the delivery.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.ReopenRequest")]
public sealed record ReopenRequest([property: Id(0)] string Reason) : RequestCommand
{
    public override string Action => RequestActions.Reopen;
}

/// <summary>The customer confirms the delivery and rates it.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.CloseRequest")]
public sealed record CloseRequest([property: Id(0)] int Rating, [property: Id(1)] string? Comment) : RequestCommand
{
    public override string Action => RequestActions.Close;
}

/// <summary>The customer (before delivery) or a coordinator withdraws the request.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.CancelRequest")]
public sealed record CancelRequest([property: Id(0)] string Reason) : RequestCommand
{
    public override string Action => RequestActions.Cancel;
}
