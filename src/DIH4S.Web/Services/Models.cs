namespace DIH4S.Web.Services;

// The API's JSON shapes as the web app reads them (API.md). The app is a client of the public API like
// any partner system: it keeps its own copies of these shapes instead of referencing the grain contracts.
// States and kinds stay strings, so a value added by a newer server shows instead of breaking the page.

/// <summary>Every list answers with a page.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public static PageOf<T> Empty { get; } = new([], 0, 1, 20);
}

public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

/// <summary>The signed-in person; <see cref="MustChangePassword"/> when a coordinator set their password.</summary>
public sealed record Me(string UserId, string Email, string DisplayName, string OrganizationId, IReadOnlyList<string> Roles, bool MustChangePassword = false)
{
    public bool Has(string role) => Roles.Contains(role);
}

public sealed record Organization(
    string Id, string Name, string Kind, string? Sector, string? County, string? Size, IReadOnlyList<string>? Competences,
    DateTimeOffset CreatedAt);

public sealed record Member(
    string UserId, string Email, string DisplayName, string OrganizationId, IReadOnlyList<string> Roles,
    bool Disabled = false, bool MustChangePassword = false);

/// <summary>A request offered to the partner went out of its sight: <c>taken</c>, <c>assigned</c> or <c>cancelled</c>.</summary>
public sealed record OfferWithdrawn(string RequestId, string Reason);

public sealed record CatalogueService(string Code, string Title, string Family, string Category, string? Description);

public sealed record Sla(double TargetBusinessHours, double RemainingBusinessHours, bool Running, DateTimeOffset? DueAt);

public sealed record ServiceRequest(
    string Id, string ServiceCode, string? Category, string Title, string Description, string State, int Version,
    string CustomerId, string RequesterId, string? PartnerId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? AcceptDeadline, int? Rating, string? RatingComment, Sla? Sla, DateTimeOffset? AutoCloseAt) : IVersioned;

public sealed record HistoryEntry(int Version, DateTimeOffset At, string ActorId, string Action, string? FromState, string ToState, string? Note);

public sealed record Comment(string Id, string AuthorId, DateTimeOffset At, string Text, bool Internal);

public sealed record Lab(string Id, string Name, string PartnerId, IReadOnlyList<string> ManagerIds, DateTimeOffset CreatedAt);

public sealed record Equipment(
    string Id, string LabId, string PartnerId, string Name, string? Description, int BufferMinutes, int MinNoticeHours, int MaxHours,
    string? RequiredTrainingId, DateTimeOffset CreatedAt);

public sealed record CalendarSlot(DateTimeOffset Start, DateTimeOffset End, string Kind, string? BookingId, string? State);

public sealed record FeedLink(string Url, string Key);

public sealed record Booking(
    string Id, string EquipmentId, string LabId, DateTimeOffset Start, DateTimeOffset End, string Purpose, string State, int Version,
    string BookerId, string OrganizationId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? NoShowAt, string? Reason)
    : IVersioned;

public sealed record Training(
    string Id, string Title, string? Description, DateTimeOffset Start, DateTimeOffset End, int Capacity, string? Location,
    DateTimeOffset CancellationDeadline, DateTimeOffset AttendanceOpensAt, string? TrainerId, string? PartnerId, int Confirmed,
    int Waitlisted, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IVersioned
{
    public int FreeSeats => Math.Max(0, Capacity - Confirmed);
}

/// <summary>A training seat; <see cref="HolderName"/> comes only with the trainer's seat list, not with live changes.</summary>
public sealed record Seat(
    string Id, string TrainingId, string UserId, string State, int? WaitlistPosition, int Version, DateTimeOffset ReservedAt,
    DateTimeOffset UpdatedAt, string? HolderName = null) : IVersioned;

/// <summary>An item whose every change adds one to its version (API.md).</summary>
public interface IVersioned
{
    string Id { get; }

    int Version { get; }
}

/// <summary>Names the API uses for states, roles and kinds.</summary>
public static class Roles
{
    public const string Requester = "requester";
    public const string PartnerStaff = "partner-staff";
    public const string LabManager = "lab-manager";
    public const string Trainer = "trainer";
    public const string Coordinator = "coordinator";

    public static readonly IReadOnlyList<string> All = [Requester, PartnerStaff, LabManager, Trainer, Coordinator];

    /// <summary>Which roles an organization of a kind may hold (API.md: a role must fit the organization's kind).</summary>
    public static IReadOnlyList<string> FittingKind(string kind) => kind switch
    {
        "sme" or "public-body" => [Requester],
        "partner" => [PartnerStaff, LabManager, Trainer],
        "hub" => [Coordinator],
        _ => [],
    };
}

public static class RequestStates
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string InProgress = "in-progress";
    public const string WaitingOnCustomer = "waiting-on-customer";
    public const string Delivered = "delivered";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";
    public const string Escalated = "escalated";

    public static readonly IReadOnlyList<string> All = [Open, Escalated, Accepted, InProgress, WaitingOnCustomer, Delivered, Closed, Cancelled];

    public static bool IsFinal(string state) => state is Closed or Cancelled;
}

public static class BookingStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string CheckedIn = "checked-in";
    public const string Completed = "completed";
    public const string NoShow = "no-show";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected, CheckedIn, Completed, NoShow, Cancelled];
}

public static class SeatStates
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";
    public const string Attended = "attended";
    public const string NoShow = "no-show";
}

public static class ServiceFamilies
{
    public static readonly IReadOnlyList<string> All = ["test-before-invest", "skills-and-training", "access-to-finance", "ecosystem-and-networking"];
}
