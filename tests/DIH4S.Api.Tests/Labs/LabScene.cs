using System.Net;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DIH4S.Api.Tests.Labs;

/// <summary>
/// The people of one lab test: a coordinator, a partner with a lab and its manager, and a customer
/// with a requester. Names carry a tag unique to the scene.
/// </summary>
public sealed record LabScene(
    WebApplicationFactory<Program> Node,
    DeskClient Coordinator,
    string PartnerId,
    DeskClient Manager,
    string LabId,
    string CustomerId,
    DeskClient Requester)
{
    public static async Task<LabScene> SetUpAsync(WebApplicationFactory<Program> node)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var coordinator = await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var partnerId = await Cast.NewOrganizationAsync(coordinator, $"Lab partner {tag}", "partner");
        var manager = await Cast.NewMemberAsync(node, coordinator, partnerId, $"manager-{tag}@lab.test", "lab-manager");
        var lab = await coordinator.PostOkAsync("/api/labs", new { name = $"Lab {tag}", partnerId, managerIds = new[] { manager.UserId } });
        var customerId = await Cast.NewOrganizationAsync(coordinator, $"Lab customer {tag}", "sme");
        var requester = await Cast.NewMemberAsync(node, coordinator, customerId, $"booker-{tag}@sme.test", "requester");
        return new LabScene(node, coordinator, partnerId, manager, lab.GetProperty("id").GetString()!, customerId, requester);
    }

    /// <summary>Adds equipment to the lab as its manager, with the given booking rules.</summary>
    public async Task<string> EquipmentAsync(int bufferMinutes = 0, int minNoticeHours = 0, int maxHours = 24, string? requiredTrainingId = null)
    {
        var created = await Manager.PostOkAsync($"/api/labs/{LabId}/equipment",
            new { name = "Scanning electron microscope", bufferMinutes, minNoticeHours, maxHours, requiredTrainingId });
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>Another customer organization with a requester of its own.</summary>
    public async Task<DeskClient> OtherCustomerAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var id = await Cast.NewOrganizationAsync(Coordinator, $"Other customer {tag}", "sme");
        return await Cast.NewMemberAsync(Node, Coordinator, id, $"other-{tag}@sme.test", "requester");
    }

    /// <summary>A second lab, of a second partner, with its own manager.</summary>
    public async Task<(string LabId, DeskClient Manager)> OtherLabAsync(string? partnerId = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        partnerId ??= await Cast.NewOrganizationAsync(Coordinator, $"Other partner {tag}", "partner");
        var manager = await Cast.NewMemberAsync(Node, Coordinator, partnerId, $"other-manager-{tag}@lab.test", "lab-manager");
        var lab = await Coordinator.PostOkAsync("/api/labs", new { name = $"Other lab {tag}", partnerId, managerIds = new[] { manager.UserId } });
        return (lab.GetProperty("id").GetString()!, manager);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> BookAsync(
        DeskClient who, string equipmentId, DateTimeOffset start, DateTimeOffset end, string purpose = "Imaging of sample batch 7")
    {
        ArgumentNullException.ThrowIfNull(who);
        return who.PostAsync("/api/bookings", new { equipmentId, start, end, purpose });
    }

    /// <summary>Books and insists on 201; returns the booking's id.</summary>
    public static async Task<string> BookOkAsync(DeskClient who, string equipmentId, DateTimeOffset start, DateTimeOffset end)
    {
        var (status, body) = await BookAsync(who, equipmentId, start, end);
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>A whole hour <paramref name="days"/> days after the desk clock's current day, in UTC.</summary>
    public static DateTimeOffset At(DeskFactory node, int days, int hour, int minute = 0)
    {
        ArgumentNullException.ThrowIfNull(node);
        var today = node.Clock.GetUtcNow().UtcDateTime.Date;
        return new DateTimeOffset(today.AddDays(days).AddHours(hour).AddMinutes(minute), TimeSpan.Zero);
    }
}
