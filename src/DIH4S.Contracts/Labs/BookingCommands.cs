namespace DIH4S.Contracts.Labs;

/// <summary>An action on a booking, named as in the API route.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BookingCommand")]
public abstract record BookingCommand
{
    /// <summary>The action's name as it appears in routes and history.</summary>
    public abstract string Action { get; }
}

/// <summary>The lab accepts a pending booking.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.ApproveBooking")]
public sealed record ApproveBooking : BookingCommand
{
    /// <inheritdoc />
    public override string Action => "approve";
}

/// <summary>The lab refuses a pending booking.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RejectBooking")]
public sealed record RejectBooking([property: Id(0)] string Reason) : BookingCommand
{
    /// <inheritdoc />
    public override string Action => "reject";
}

/// <summary>The booker's organization, the lab or a coordinator withdraws a pending or approved booking.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.CancelBooking")]
public sealed record CancelBooking([property: Id(0)] string Reason) : BookingCommand
{
    /// <inheritdoc />
    public override string Action => "cancel";
}

/// <summary>The lab records that the booker arrived.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.CheckInBooking")]
public sealed record CheckInBooking : BookingCommand
{
    /// <inheritdoc />
    public override string Action => "check-in";
}

/// <summary>The lab records that the use is over.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.CompleteBooking")]
public sealed record CompleteBooking : BookingCommand
{
    /// <inheritdoc />
    public override string Action => "complete";
}
