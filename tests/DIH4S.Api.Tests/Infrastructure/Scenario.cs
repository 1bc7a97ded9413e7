using Microsoft.AspNetCore.Mvc.Testing;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// The people of one test: a coordinator, a customer with a requester, partners with staff, and a
/// service whose category (unique to this scenario) only these partners deliver.
/// </summary>
public sealed record Cast(
    DeskClient Coordinator,
    string CustomerId,
    DeskClient Requester,
    IReadOnlyList<DeskClient> Partners,
    string ServiceCode,
    string Category)
{
    public const string Password = "a-long-enough-password";

    public static async Task<Cast> SetUpAsync(WebApplicationFactory<Program> node, int partners = 2)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var coordinator = await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var category = $"cat-{tag}";
        var customerId = await NewOrganizationAsync(coordinator, $"Customer {tag}", "sme");
        var requester = await NewMemberAsync(node, coordinator, customerId, $"requester-{tag}@sme.test", "requester");
        var staff = new List<DeskClient>();
        for (var i = 0; i < partners; i++)
        {
            var partnerId = await NewOrganizationAsync(coordinator, $"Partner {i} {tag}", "partner", category);
            staff.Add(await NewMemberAsync(node, coordinator, partnerId, $"staff{i}-{tag}@partner.test", "partner-staff"));
        }

        var serviceCode = $"svc-{tag}";
        await coordinator.PostOkAsync("/api/services", new
        {
            code = serviceCode,
            title = "Cybersecurity audit",
            family = "test-before-invest",
            category,
        });
        return new Cast(coordinator, customerId, requester, staff, serviceCode, category);
    }

    public static async Task<string> NewOrganizationAsync(DeskClient coordinator, string name, string kind, params string[] competences)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var created = await coordinator.PostOkAsync("/api/organizations", new { name, kind, competences });
        return created.GetProperty("id").GetString()!;
    }

    public static async Task<DeskClient> NewMemberAsync(
        WebApplicationFactory<Program> node, DeskClient coordinator, string organizationId, string email, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        await coordinator.PostOkAsync($"/api/organizations/{organizationId}/members",
            new { email, displayName = email.Split('@')[0], password = Password, roles });
        return await DeskClient.LoginAsync(node, email, Password);
    }

    /// <summary>Submits a request and has the first partner accept, start and deliver it; returns its id.</summary>
    public async Task<string> SubmitDeliveredAsync(string title = "Audit our network")
    {
        var id = await SubmitAsync(title);
        await Partners[0].PostOkAsync($"/api/requests/{id}/accept");
        await Partners[0].PostOkAsync($"/api/requests/{id}/start");
        await Partners[0].PostOkAsync($"/api/requests/{id}/deliver", new { summary = "Done." });
        return id;
    }

    /// <summary>Submits a request as the requester; returns its id.</summary>
    public async Task<string> SubmitAsync(string title = "Audit our network")
    {
        var created = await Requester.PostOkAsync("/api/requests", new { serviceCode = ServiceCode, title, description = "Two offices, one VPN." });
        return created.GetProperty("id").GetString()!;
    }
}
