using System.Security.Claims;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DIH4S.Api.Endpoints;

public sealed record CreateOrganizationBody(
    string? Name, string? Kind, string? Sector, string? County, string? Size, IReadOnlyList<string>? Competences);

public sealed record CreateMemberBody(string? Email, string? DisplayName, string? Password, IReadOnlyList<string>? Roles);

public sealed record RolesBody(IReadOnlyList<string>? Roles);

public sealed record TemporaryPasswordBody(string? Password);

/// <summary>A person of an organization; <c>disabled</c> people cannot sign in, <c>mustChangePassword</c> ones have a temporary password.</summary>
public sealed record MemberView(
    string UserId, string Email, string DisplayName, string OrganizationId, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt,
    bool Disabled, bool MustChangePassword)
{
    public static MemberView From(UserAccount account) => From(new MemberStatus(account, false, false));

    public static MemberView From(MemberStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var account = status.Account;
        return new(account.UserId, account.Email, account.DisplayName, account.OrganizationId, account.Roles, account.CreatedAt,
            status.Disabled, status.MustChangePassword);
    }
}

/// <summary>Organizations and their members. Coordinators onboard them; everyone sees their own and the partners.</summary>
public static class OrganizationsApi
{
    private static readonly Dictionary<string, OrganizationKind> Kinds = new()
    {
        ["sme"] = OrganizationKind.Sme,
        ["public-body"] = OrganizationKind.PublicBody,
        ["partner"] = OrganizationKind.Partner,
    };

    private static readonly string[] Sizes = ["micro", "small", "medium", "large"];

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organizations").WithTags("Organizations").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithName("CreateOrganization").WithSummary("Onboard an SME, public body or partner.");
        group.MapGet("/", ListAsync).WithName("ListOrganizations").WithSummary("Organizations the caller may see.");
        group.MapGet("/{id}", GetAsync).WithName("GetOrganization").WithSummary("One organization.");
        group.MapPost("/{id}/members", AddMemberAsync).WithName("AddMember").WithSummary("Create a person in the organization.");
        group.MapGet("/{id}/members", ListMembersAsync).WithName("ListMembers").WithSummary("The organization's people.");
        group.MapPut("/{id}/members/{userId}/roles", SetRolesAsync).WithName("SetMemberRoles")
            .WithSummary("Replace a person's roles; every session of theirs ends.");
        group.MapPost("/{id}/members/{userId}/disable", DisableAsync).TakesNoBody().WithName("DisableMember")
            .WithSummary("Disable a person: every session of theirs ends and they cannot sign in.");
        group.MapPost("/{id}/members/{userId}/enable", EnableAsync).TakesNoBody().WithName("EnableMember").WithSummary("Let a disabled person sign in again.");
        group.MapPost("/{id}/members/{userId}/temporary-password", SetTemporaryPasswordAsync).WithName("SetTemporaryPassword")
            .WithSummary("Set a temporary password, to be changed at the person's next sign-in; every session of theirs ends.");
        return app;
    }

    public static async Task<Results<Created<Organization>, ProblemHttpResult>> CreateAsync(
        CreateOrganizationBody? body, ClaimsPrincipal user, IGrainFactory grains, DeskClock clock)
    {
        if (!user.ToActor().IsCoordinator)
        {
            return DeskResults.Forbidden("Only coordinators onboard organizations.");
        }

        var validation = new Validation()
            .Text(body?.Name, "name", 200)
            .OneOf(body?.Kind, "kind", Kinds.Keys)
            .Text(body?.Sector, "sector", 200, required: false)
            .Text(body?.County, "county", 100, required: false)
            .OneOf(body?.Size, "size", Sizes, required: false);
        var competences = body?.Competences ?? [];
        foreach (var competence in competences)
        {
            validation.Slug(competence, "competences");
        }

        validation.Check(competences.Count == 0 || body?.Kind == "partner", "competences", "Only partners have competences.");
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var organization = new Organization(
            $"org_{Guid.NewGuid():N}", body!.Name!.Trim(), Kinds[body.Kind!], body.Sector?.Trim(), body.County?.Trim(), body.Size,
            [.. competences.Distinct()], clock.UtcNow);
        var created = await grains.GetGrain<IOrganizationRegistryGrain>(0).CreateAsync(organization);
        return created.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/organizations/{organization.Id}", created.Value);
    }

    public static async Task<Results<Ok<PageOf<Organization>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize, string? kind)
    {
        var validation = new Validation().OneOf(kind, "kind", [.. Kinds.Keys, "hub"], required: false);
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var actor = user.ToActor();
        var all = await grains.GetGrain<IOrganizationRegistryGrain>(0).ListAsync();
        var visible = all
            .Where(o => CanSee(actor, o))
            .Where(o => kind is null || o.Kind == (kind == "hub" ? OrganizationKind.Hub : Kinds[kind]))
            .ToList();
        return TypedResults.Ok(paging.Slice(visible));
    }

    public static async Task<Results<Ok<Organization>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var organization = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(id);
        return organization is not null && CanSee(user.ToActor(), organization)
            ? TypedResults.Ok(organization)
            : DeskResults.NotFound("Organization");
    }

    public static async Task<Results<Created<MemberView>, ProblemHttpResult>> AddMemberAsync(
        string id, CreateMemberBody? body, ClaimsPrincipal user, IGrainFactory grains, AccountService accounts)
    {
        if (!user.ToActor().IsCoordinator)
        {
            return DeskResults.Forbidden("Only coordinators create people.");
        }

        var organization = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(id);
        if (organization is null)
        {
            return DeskResults.NotFound("Organization");
        }

        var roles = body?.Roles ?? [];
        var validation = new Validation()
            .Text(body?.Email, "email", 254)
            .Text(body?.DisplayName, "displayName", 200)
            .Check(roles.Count > 0, "roles", "At least one role is required.");
        if (body?.Email is { } email)
        {
            validation.Check(LooksLikeEmail(email), "email", "'email' must be an e-mail address.");
        }

        validation.Check((body?.Password?.Length ?? 0) >= PasswordRules.MinimumLength, "password",
                $"'password' must have at least {PasswordRules.MinimumLength} characters.")
            .Check((body?.Password?.Length ?? 0) <= PasswordRules.MaximumLength, "password",
                $"'password' must have at most {PasswordRules.MaximumLength} characters.");
        foreach (var role in roles)
        {
            if (validation.OneOf(role, "roles", DeskRoles.All).Failed)
            {
                continue;
            }

            validation.Check(DeskRoles.FitsOrganization(role, organization.Kind), "roles",
                $"The role '{role}' does not fit an organization of kind '{Kebab(organization.Kind)}'.");
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var created = await accounts.CreateMemberAsync(organization, body!.Email!, body.DisplayName!, body.Password!, [.. roles.Distinct()]);
        return created.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/organizations/{id}/members/{created.Value!.UserId}", MemberView.From(created.Value));
    }

    public static async Task<Results<Ok<PageOf<MemberView>>, ProblemHttpResult>> ListMembersAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize)
    {
        var validation = new Validation();
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var actor = user.ToActor();
        if (!actor.IsCoordinator && actor.OrganizationId != id)
        {
            return DeskResults.NotFound("Organization");
        }

        var ids = await grains.GetGrain<IUserDirectoryGrain>(0).MembersOfAsync(id);
        var people = await Task.WhenAll(ids.Select(u => grains.GetGrain<IUserGrain>(u).GetStatusAsync()));
        List<MemberView> members = [.. people.OfType<MemberStatus>().OrderBy(p => p.Account.CreatedAt).Select(MemberView.From)];
        return TypedResults.Ok(paging.Slice(members));
    }

    public static async Task<Results<Ok<MemberView>, ProblemHttpResult>> SetRolesAsync(
        string id, string userId, RolesBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (member, refusal) = await ManagedMemberAsync(id, userId, user, grains);
        if (refusal is not null)
        {
            return refusal;
        }

        var organization = (await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(id))!;
        var roles = body?.Roles ?? [];
        var validation = new Validation().Check(roles.Count > 0, "roles", "At least one role is required.");
        foreach (var role in roles)
        {
            if (!validation.OneOf(role, "roles", DeskRoles.All).Failed)
            {
                validation.Check(DeskRoles.FitsOrganization(role, organization.Kind), "roles",
                    $"The role '{role}' does not fit an organization of kind '{Kebab(organization.Kind)}'.");
            }
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var status = await member!.SetRolesAsync([.. roles.Distinct()]);
        return status is null ? DeskResults.NotFound("Member") : TypedResults.Ok(MemberView.From(status));
    }

    public static async Task<Results<Ok<MemberView>, ProblemHttpResult>> DisableAsync(
        string id, string userId, ClaimsPrincipal user, IGrainFactory grains) => await SetDisabledAsync(id, userId, user, grains, true);

    public static async Task<Results<Ok<MemberView>, ProblemHttpResult>> EnableAsync(
        string id, string userId, ClaimsPrincipal user, IGrainFactory grains) => await SetDisabledAsync(id, userId, user, grains, false);

    public static async Task<Results<Ok<MemberView>, ProblemHttpResult>> SetTemporaryPasswordAsync(
        string id, string userId, TemporaryPasswordBody? body, ClaimsPrincipal user, IGrainFactory grains, AccountService accounts)
    {
        var (_, refusal) = await ManagedMemberAsync(id, userId, user, grains);
        if (refusal is not null)
        {
            return refusal;
        }

        var validation = new Validation()
            .Check((body?.Password?.Length ?? 0) >= PasswordRules.MinimumLength, "password",
                $"'password' must have at least {PasswordRules.MinimumLength} characters.")
            .Check((body?.Password?.Length ?? 0) <= PasswordRules.MaximumLength, "password",
                $"'password' must have at most {PasswordRules.MaximumLength} characters.");
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var status = await accounts.SetTemporaryPasswordAsync(userId, body!.Password!);
        return status is null ? DeskResults.NotFound("Member") : TypedResults.Ok(MemberView.From(status));
    }

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> SetDisabledAsync(
        string id, string userId, ClaimsPrincipal user, IGrainFactory grains, bool disabled)
    {
        var (member, refusal) = await ManagedMemberAsync(id, userId, user, grains);
        if (refusal is not null)
        {
            return refusal;
        }

        var status = await member!.SetDisabledAsync(disabled);
        return status is null ? DeskResults.NotFound("Member") : TypedResults.Ok(MemberView.From(status));
    }

    /// <summary>
    /// A member a coordinator may manage: 404 for a person who is not in the organization (or for a caller
    /// who may not see it), 403 for non-coordinators, 409 for the coordinator's own account (no one locks
    /// themselves out of the hub).
    /// </summary>
    private static async Task<(IUserGrain? Member, ProblemHttpResult? Refusal)> ManagedMemberAsync(
        string id, string userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor();
        if (!actor.IsCoordinator && actor.OrganizationId != id)
        {
            return (null, DeskResults.NotFound("Member"));
        }

        var member = grains.GetGrain<IUserGrain>(userId);
        if (await member.GetAsync() is not { } account || account.OrganizationId != id)
        {
            return (null, DeskResults.NotFound("Member"));
        }

        if (!actor.IsCoordinator)
        {
            return (null, DeskResults.Forbidden("Only coordinators manage people."));
        }

        return account.UserId == actor.UserId
            ? (null, DeskProblem.Conflict("Coordinators cannot change their own roles, password or access here; ask another coordinator.").ToHttp())
            : (member, null);
    }

    /// <summary>Coordinators see every organization; others their own and the hub's partners.</summary>
    private static bool CanSee(Actor actor, Organization organization) =>
        actor.IsCoordinator || organization.Id == actor.OrganizationId || organization.Kind == OrganizationKind.Partner;

    private static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && !value.Any(char.IsWhiteSpace);
    }

    private static string Kebab(OrganizationKind kind) => Kinds.FirstOrDefault(k => k.Value == kind).Key ?? "hub";
}
