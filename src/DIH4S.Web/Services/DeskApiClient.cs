using System.Net;
using System.Net.Http.Json;

namespace DIH4S.Web.Services;

/// <summary>
/// The desk's public API, typed. Every call carries the session's bearer token; a 401 renews the token
/// once and retries, and if the server still refuses, the session ends and the app returns to sign-in.
/// Errors arrive as <see cref="ApiProblem"/>; an unreachable desk as <see cref="DeskUnreachable"/>.
/// </summary>
public sealed class DeskApiClient(HttpClient http, DeskSession session)
{
    // Identity
    public Task ChangePasswordAsync(string currentPassword, string newPassword) =>
        SendAsync(HttpMethod.Post, "api/me/password", new { currentPassword, newPassword });

    public Task<PageOf<Organization>> OrganizationsAsync(string? kind = null, int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<Organization>>($"api/organizations{Query(("kind", kind), ("page", page), ("pageSize", pageSize))}");

    public Task<Organization> OrganizationAsync(string id) => GetAsync<Organization>($"api/organizations/{Esc(id)}");

    public Task<Organization> CreateOrganizationAsync(object body) => SendAsync<Organization>(HttpMethod.Post, "api/organizations", body);

    public Task<PageOf<Member>> MembersAsync(string organizationId, int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<Member>>($"api/organizations/{Esc(organizationId)}/members{Query(("page", page), ("pageSize", pageSize))}");

    public Task<Member> AddMemberAsync(string organizationId, object body) =>
        SendAsync<Member>(HttpMethod.Post, $"api/organizations/{Esc(organizationId)}/members", body);

    /// <summary>Disables or re-enables a person: disabling ends every session of theirs.</summary>
    public Task<Member> SetMemberDisabledAsync(string organizationId, string userId, bool disabled) =>
        SendAsync<Member>(HttpMethod.Post, $"api/organizations/{Esc(organizationId)}/members/{Esc(userId)}/{(disabled ? "disable" : "enable")}", new { });

    /// <summary>Sets a temporary password the person must change at their next sign-in.</summary>
    public Task<Member> SetTemporaryPasswordAsync(string organizationId, string userId, string password) =>
        SendAsync<Member>(HttpMethod.Post, $"api/organizations/{Esc(organizationId)}/members/{Esc(userId)}/temporary-password", new { password });

    // Catalogue
    public Task<PageOf<CatalogueService>> ServicesAsync(int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<CatalogueService>>($"api/services{Query(("page", page), ("pageSize", pageSize))}");

    public Task<CatalogueService> CreateServiceAsync(object body) => SendAsync<CatalogueService>(HttpMethod.Post, "api/services", body);

    // Service requests
    public Task<PageOf<ServiceRequest>> RequestsAsync(string? state = null, int page = 1, int pageSize = 20) =>
        GetAsync<PageOf<ServiceRequest>>($"api/requests{Query(("state", state), ("page", page), ("pageSize", pageSize))}");

    public Task<ServiceRequest> RequestAsync(string id) => GetAsync<ServiceRequest>($"api/requests/{Esc(id)}");

    public Task<ServiceRequest> SubmitRequestAsync(string serviceCode, string title, string description) =>
        SendAsync<ServiceRequest>(HttpMethod.Post, "api/requests", new { serviceCode, title, description });

    /// <summary>One of the request actions of API.md (accept, decline, assign, start, ...), with its body.</summary>
    public Task<ServiceRequest> RequestActionAsync(string id, string action, object? body = null) =>
        SendAsync<ServiceRequest>(HttpMethod.Post, $"api/requests/{Esc(id)}/{action}", body ?? new { });

    public Task<PageOf<HistoryEntry>> RequestHistoryAsync(string id, int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<HistoryEntry>>($"api/requests/{Esc(id)}/history{Query(("page", page), ("pageSize", pageSize))}");

    public Task<PageOf<Comment>> CommentsAsync(string id, int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<Comment>>($"api/requests/{Esc(id)}/comments{Query(("page", page), ("pageSize", pageSize))}");

    public Task<Comment> AddCommentAsync(string id, string text, bool @internal) =>
        SendAsync<Comment>(HttpMethod.Post, $"api/requests/{Esc(id)}/comments", new { text, @internal });

    // Labs, equipment and bookings
    public Task<PageOf<Lab>> LabsAsync(int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<Lab>>($"api/labs{Query(("page", page), ("pageSize", pageSize))}");

    public Task<Lab> LabAsync(string id) => GetAsync<Lab>($"api/labs/{Esc(id)}");

    public Task<Lab> CreateLabAsync(string name, string partnerId, IReadOnlyList<string> managerIds) =>
        SendAsync<Lab>(HttpMethod.Post, "api/labs", new { name, partnerId, managerIds });

    public Task<PageOf<Equipment>> EquipmentOfLabAsync(string labId, int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<Equipment>>($"api/labs/{Esc(labId)}/equipment{Query(("page", page), ("pageSize", pageSize))}");

    public Task<Equipment> EquipmentAsync(string id) => GetAsync<Equipment>($"api/equipment/{Esc(id)}");

    public Task<Equipment> AddEquipmentAsync(string labId, object body) =>
        SendAsync<Equipment>(HttpMethod.Post, $"api/labs/{Esc(labId)}/equipment", body);

    public Task AddBlackoutAsync(string equipmentId, DateTimeOffset start, DateTimeOffset end, string reason) =>
        SendAsync(HttpMethod.Post, $"api/equipment/{Esc(equipmentId)}/blackouts", new { start, end, reason });

    public Task<IReadOnlyList<CalendarSlot>> CalendarAsync(string equipmentId, DateTimeOffset from, DateTimeOffset to) =>
        GetAsync<IReadOnlyList<CalendarSlot>>($"api/equipment/{Esc(equipmentId)}/calendar{Query(("from", from.UtcDateTime.ToString("O")), ("to", to.UtcDateTime.ToString("O")))}");

    /// <summary>The equipment's feed link, absolute: a relative one (no <c>Desk:PublicUrl</c>) is resolved against the desk's address.</summary>
    public async Task<FeedLink> FeedLinkAsync(string equipmentId) =>
        Absolute(await GetAsync<FeedLink>($"api/equipment/{Esc(equipmentId)}/calendar-feed"));

    /// <summary>A new feed link; the earlier ones stop working (the lab's managers, coordinators).</summary>
    public async Task<FeedLink> RotateFeedLinkAsync(string equipmentId) =>
        Absolute(await SendAsync<FeedLink>(HttpMethod.Post, $"api/equipment/{Esc(equipmentId)}/calendar-feed/rotate", new { }));

    /// <summary>Switches the feed off until a new link is made (the lab's managers, coordinators).</summary>
    public Task RevokeFeedLinkAsync(string equipmentId) =>
        SendAsync(HttpMethod.Post, $"api/equipment/{Esc(equipmentId)}/calendar-feed/revoke", new { });

    public Task<PageOf<Booking>> BookingsAsync(string? state = null, int page = 1, int pageSize = 20) =>
        GetAsync<PageOf<Booking>>($"api/bookings{Query(("state", state), ("page", page), ("pageSize", pageSize))}");

    public Task<Booking> BookingAsync(string id) => GetAsync<Booking>($"api/bookings/{Esc(id)}");

    public Task<Booking> BookAsync(string equipmentId, DateTimeOffset start, DateTimeOffset end, string purpose) =>
        SendAsync<Booking>(HttpMethod.Post, "api/bookings", new { equipmentId, start, end, purpose });

    /// <summary>approve, reject {reason}, cancel {reason}, check-in, complete.</summary>
    public Task<Booking> BookingActionAsync(string id, string action, object? body = null) =>
        SendAsync<Booking>(HttpMethod.Post, $"api/bookings/{Esc(id)}/{action}", body ?? new { });

    // Trainings and seats
    public Task<PageOf<Training>> TrainingsAsync(int page = 1, int pageSize = 20) =>
        GetAsync<PageOf<Training>>($"api/trainings{Query(("page", page), ("pageSize", pageSize))}");

    public Task<Training> TrainingAsync(string id) => GetAsync<Training>($"api/trainings/{Esc(id)}");

    public Task<Training> CreateTrainingAsync(object body) => SendAsync<Training>(HttpMethod.Post, "api/trainings", body);

    /// <summary>The trainer and coordinators get every seat; anyone else only their own.</summary>
    public Task<PageOf<Seat>> SeatsAsync(string trainingId, int page = 1, int pageSize = 100) =>
        GetAsync<PageOf<Seat>>($"api/trainings/{Esc(trainingId)}/seats{Query(("page", page), ("pageSize", pageSize))}");

    public Task<Seat> ReserveSeatAsync(string trainingId) => SendAsync<Seat>(HttpMethod.Post, $"api/trainings/{Esc(trainingId)}/seats", new { });

    public Task<Seat> CancelSeatAsync(string trainingId, string seatId) =>
        SendAsync<Seat>(HttpMethod.Post, $"api/trainings/{Esc(trainingId)}/seats/{Esc(seatId)}/cancel", new { });

    public Task<Seat> MarkAttendanceAsync(string trainingId, string seatId, bool attended) =>
        SendAsync<Seat>(HttpMethod.Post, $"api/trainings/{Esc(trainingId)}/seats/{Esc(seatId)}/attendance", new { attended });

    private FeedLink Absolute(FeedLink link) =>
        link.Url.StartsWith('/') && http.BaseAddress is { } desk ? link with { Url = new Uri(desk, link.Url).AbsoluteUri } : link;

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await SendCoreAsync(HttpMethod.Get, path, null);
        return (await response.Content.ReadFromJsonAsync<T>(DeskJson.Options))!;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object body)
    {
        using var response = await SendCoreAsync(method, path, body);
        return (await response.Content.ReadFromJsonAsync<T>(DeskJson.Options))!;
    }

    private async Task SendAsync(HttpMethod method, string path, object body)
    {
        using var response = await SendCoreAsync(method, path, body);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body)
    {
        var response = await TrySendAsync(method, path, body, await session.GetAccessTokenAsync());
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Once more with a renewed token; TrySendAsync ends the session when there is none.
            response.Dispose();
            response = await TrySendAsync(method, path, body, await session.GetAccessTokenAsync(forceRenew: true));
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                response.Dispose();
                await session.EndAsync();
                throw new SessionEnded();
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await Problems.ReadAsync(response);
            }
        }

        return response;
    }

    private async Task<HttpResponseMessage> TrySendAsync(HttpMethod method, string path, object? body, string? token)
    {
        if (token is null)
        {
            await session.EndAsync();
            throw new SessionEnded();
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: DeskJson.Options);
        }

        try
        {
            return await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            throw new DeskUnreachable("The desk cannot be reached.", e);
        }
    }

    private static string Esc(string id) => Uri.EscapeDataString(id);

    private static string Query(params (string Name, object? Value)[] parameters)
    {
        var parts = parameters
            .Where(p => p.Value is not null && !(p.Value is string s && string.IsNullOrEmpty(s)))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}")
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
