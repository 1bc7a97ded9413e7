namespace DIH4S.EndToEnd.Tests.Infrastructure;

/// <summary>The people of one browser test, made over the API with names tagged uniquely.</summary>
public sealed record Hub(
    Person Coordinator, Person Requester, Person StaffA, Person StaffB, string CustomerId, string PartnerA, string PartnerB,
    string ServiceCode, string Tag)
{
    public static async Task<Hub> SetUpAsync(DeskApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var coordinator = await api.CoordinatorAsync();
        var category = $"cat-{tag}";
        var customer = await DeskApi.NewOrganizationAsync(coordinator, $"Brutăria Someș {tag}", "sme");
        var partnerA = await DeskApi.NewOrganizationAsync(coordinator, $"UTCN Cyber Lab {tag}", "partner", category);
        var partnerB = await DeskApi.NewOrganizationAsync(coordinator, $"Napoca Secure {tag}", "partner", category);
        var requester = await api.NewMemberAsync(coordinator, customer, $"ana-{tag}@bakery.test", "Ana Pop", "requester");
        var staffA = await api.NewMemberAsync(coordinator, partnerA, $"dan-{tag}@utcn.test", "Dan Rus", "partner-staff");
        var staffB = await api.NewMemberAsync(coordinator, partnerB, $"eva-{tag}@napoca.test", "Eva Lazăr", "partner-staff");
        var service = $"audit-{tag}";
        await coordinator.PostAsync("api/services",
            new { code = service, title = $"Security audit {tag}", family = "test-before-invest", category, description = "A look at your web shop's defences." });
        return new Hub(coordinator, requester, staffA, staffB, customer, partnerA, partnerB, service, tag);
    }

    public async Task<string> SubmitAsync(string title)
    {
        var created = await Requester.PostAsync("api/requests", new { serviceCode = ServiceCode, title, description = "Card payments went live last month." });
        return created.GetProperty("id").GetString()!;
    }
}
