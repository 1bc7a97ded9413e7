namespace DIH4S.Contracts.Identity;

/// <summary>The role names of the desk, exactly as they appear in the API.</summary>
public static class DeskRoles
{
    public const string Requester = "requester";
    public const string PartnerStaff = "partner-staff";
    public const string LabManager = "lab-manager";
    public const string Trainer = "trainer";
    public const string Coordinator = "coordinator";

    /// <summary>Every role, in a stable order.</summary>
    public static readonly IReadOnlyList<string> All = [Requester, PartnerStaff, LabManager, Trainer, Coordinator];

    /// <summary>Whether a person of an organization of this kind may hold the role.</summary>
    public static bool FitsOrganization(string role, OrganizationKind kind) => role switch
    {
        Requester => kind is OrganizationKind.Sme or OrganizationKind.PublicBody,
        PartnerStaff or LabManager or Trainer => kind is OrganizationKind.Partner,
        Coordinator => kind is OrganizationKind.Hub,
        _ => false,
    };
}

/// <summary>What kind of organization a person belongs to.</summary>
public enum OrganizationKind
{
    /// <summary>A small or medium enterprise, a customer.</summary>
    Sme,

    /// <summary>A public administration, a customer.</summary>
    PublicBody,

    /// <summary>A hub partner that delivers services, runs labs and trainings.</summary>
    Partner,

    /// <summary>The hub's own office; coordinators belong to it. Created at bootstrap, never through the API.</summary>
    Hub,
}

/// <summary>Who is calling a grain: the authenticated person, their organization and roles.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.Actor")]
public sealed record Actor(
    [property: Id(0)] string UserId,
    [property: Id(1)] string OrganizationId,
    [property: Id(2)] OrganizationKind OrganizationKind,
    [property: Id(3)] IReadOnlyList<string> Roles)
{
    /// <summary>The desk itself, for changes made by timers.</summary>
    public static readonly Actor System = new("system", "hub", OrganizationKind.Hub, [DeskRoles.Coordinator]);

    /// <summary>Whether the actor holds the role.</summary>
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>Whether the actor is hub office staff, who may see and do everything.</summary>
    public bool IsCoordinator => Has(DeskRoles.Coordinator);
}
