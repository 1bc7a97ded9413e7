using DIH4S.Contracts.Identity;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>Fresh ids and actors, so that every test works on organizations and requests of its own.</summary>
public static class People
{
    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static string NewOrganization() => NewId("org");

    public static Actor RequesterOf(string organizationId) =>
        new(NewId("usr"), organizationId, OrganizationKind.Sme, [DeskRoles.Requester]);

    public static Actor StaffOf(string partnerId) =>
        new(NewId("usr"), partnerId, OrganizationKind.Partner, [DeskRoles.PartnerStaff]);

    public static Actor Coordinator() =>
        new(NewId("usr"), "org_hub", OrganizationKind.Hub, [DeskRoles.Coordinator]);
}
