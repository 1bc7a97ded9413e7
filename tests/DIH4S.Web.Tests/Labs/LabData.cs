using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Labs;

/// <summary>A lab with one 3D printer, managed by <see cref="ManagerId"/>, and bookings of it.</summary>
internal static class LabData
{
    public const string ManagerId = "usr_mgr";
    public const string RequesterId = "usr_ana";
    public const string PartnerId = "org_utcn";
    public const string CustomerId = "org_bakery";

    public static readonly DateTimeOffset Epoch = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static Lab Lab { get; } = new("lab_1", "UTCN Fabrication Lab", PartnerId, [ManagerId], Epoch);

    public static Lab OtherLab { get; } = new("lab_2", "Another partner's lab", "org_other", ["usr_someone"], Epoch);

    public static Equipment Printer { get; } =
        new("eqp_1", Lab.Id, PartnerId, "Industrial 3D printer", "Large parts.", 30, 24, 4, null, Epoch);

    /// <summary>A booking of the printer on Thursday 26 November 2026 from 10:00 UTC (12:00 in Bucharest).</summary>
    public static Booking Booking(
        string id, string state = BookingStates.Pending, int version = 1, string bookerId = RequesterId, string labId = "lab_1",
        int createdMinutesAgo = 60, string? reason = null) =>
        new(id, Printer.Id, labId, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
            $"Purpose of {id}", state, version, bookerId, CustomerId, new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero).AddMinutes(-createdMinutesAgo),
            Epoch, null, reason);

    public static string BookingsQuery(string? state, int pageSize) =>
        state is null ? $"/api/bookings?page=1&pageSize={pageSize}" : $"/api/bookings?state={state}&page=1&pageSize={pageSize}";

    /// <summary>The labs, the printer and empty booking lists, so a page loads.</summary>
    public static void StubLabs(this StubApi api)
    {
        api.OnGet("/api/labs", StubApi.PageOf(Lab, OtherLab));
        api.OnGet($"/api/labs/{Lab.Id}", Lab);
        api.OnGet($"/api/equipment/{Printer.Id}", Printer);
        api.OnGet("/api/bookings", StubApi.PageOf<Booking>());
        api.OnGet($"/api/equipment/{Printer.Id}/calendar", Array.Empty<CalendarSlot>());
        api.OnGet("/api/trainings", StubApi.PageOf<Training>());
        api.OnGet("/api/organizations", StubApi.PageOf<Organization>());
    }
}
