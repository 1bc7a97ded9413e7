using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DIH4S.EndToEnd.Tests.Infrastructure;

/// <summary>The public API as a test's set-up uses it: people, organizations and items made over HTTP, fast.</summary>
public sealed class DeskApi(Uri address)
{
    public const string Password = "an-end-to-end-password";

    public async Task<Person> LoginAsync(string email, string password = Password)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var me = await http.GetFromJsonAsync<JsonElement>("api/me");
        return new Person(http, email, password, me.GetProperty("userId").GetString()!, me.GetProperty("organizationId").GetString()!);
    }

    public Task<Person> CoordinatorAsync() => LoginAsync(PublishedDesk.AdminEmail, PublishedDesk.AdminPassword);

    /// <summary>An organization with one member holding <paramref name="roles"/>, signed in.</summary>
    public async Task<Person> NewMemberAsync(Person coordinator, string organizationId, string email, string displayName, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        await coordinator.PostAsync($"api/organizations/{organizationId}/members", new { email, displayName, password = Password, roles });
        return await LoginAsync(email);
    }

    public static async Task<string> NewOrganizationAsync(Person coordinator, string name, string kind, params string[] competences)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var created = await coordinator.PostAsync("api/organizations", new { name, kind, competences });
        return created.GetProperty("id").GetString()!;
    }
}

/// <summary>A signed-in person's HTTP client.</summary>
public sealed record Person(HttpClient Http, string Email, string Password, string UserId, string OrganizationId)
{
    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path) => (await Http.GetFromJsonAsync<JsonElement>(path))!;

    /// <summary>Every request this person's list holds, page by page, with the version the list shows.</summary>
    public async Task<Dictionary<string, int>> ListedRequestsAsync()
    {
        var listed = new Dictionary<string, int>();
        for (var page = 1; ; page++)
        {
            var items = (await GetAsync($"api/requests?page={page}&pageSize=100")).GetProperty("items");
            foreach (var item in items.EnumerateArray())
            {
                listed[item.GetProperty("id").GetString()!] = item.GetProperty("version").GetInt32();
            }

            if (items.GetArrayLength() < 100)
            {
                return listed;
            }
        }
    }
}
