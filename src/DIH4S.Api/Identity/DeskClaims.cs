using System.Security.Claims;
using DIH4S.Contracts.Identity;

namespace DIH4S.Api.Identity;

/// <summary>The claims a desk token carries, and the <see cref="Actor"/> built from them.</summary>
public static class DeskClaims
{
    public const string UserId = "sub";
    public const string Organization = "org";
    public const string OrganizationKind = "org_kind";
    public const string SecurityStamp = "stamp";
    public const string Email = "email";
    public const string Name = "name";
    public const string Session = "sid";

    /// <summary>The refresh-token generation within the session (ADR 0012).</summary>
    public const string Generation = "gen";

    /// <summary>Present when the password was set by a coordinator and must be changed first.</summary>
    public const string MustChangePassword = "pwd_change";

    public static ClaimsPrincipal Principal(
        UserAccount account, OrganizationKind kind, SessionTicket session, bool mustChangePassword, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(session);
        List<Claim> claims =
        [
            new(UserId, account.UserId),
            new(Session, session.SessionId),
            new(Generation, session.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(Organization, account.OrganizationId),
            new(OrganizationKind, kind.ToString()),
            new(SecurityStamp, account.SecurityStamp),
            new(Email, account.Email),
            new(Name, account.DisplayName),
            .. account.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
        if (mustChangePassword)
        {
            claims.Add(new Claim(MustChangePassword, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, Name, ClaimTypes.Role));
    }

    /// <summary>The calling person as the grains know them.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Actor(
            user.FindFirstValue(UserId) ?? throw new InvalidOperationException("The token has no user id."),
            user.FindFirstValue(Organization) ?? throw new InvalidOperationException("The token has no organization."),
            Enum.Parse<OrganizationKind>(user.FindFirstValue(OrganizationKind) ?? nameof(Contracts.Identity.OrganizationKind.Sme)),
            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)]);
    }
}
