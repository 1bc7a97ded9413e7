namespace DIH4S.Web.Pages.Admin;

/// <summary>A person the coordinator adds to an organization, with roles chosen among those that fit its kind.</summary>
public sealed class MemberForm(IReadOnlyList<string>? offered = null)
{
    /// <summary>API.md: passwords have at least 12 characters.</summary>
    public const int PasswordMinimum = 12;

    private readonly List<string> _roles = offered is { Count: 1 } ? [.. offered] : [];

    /// <summary>The roles the form offers (those fitting the organization's kind).</summary>
    public IReadOnlyList<string> Offered { get; } = offered ?? [];

    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The chosen roles, in the order offered; when only one role fits, it is chosen already.</summary>
    public IReadOnlyList<string> Roles => [.. Offered.Where(_roles.Contains)];

    public static bool PasswordLongEnough(string? password) => (password?.Length ?? 0) >= PasswordMinimum;

    /// <summary>Chooses or drops a role; a role that does not fit the kind is never chosen.</summary>
    public void Toggle(string role, bool on)
    {
        _roles.Remove(role);
        if (on && Offered.Contains(role))
        {
            _roles.Add(role);
        }
    }

    public object Body() => new { email = Email.Trim(), displayName = DisplayName.Trim(), password = Password, roles = Roles };
}
