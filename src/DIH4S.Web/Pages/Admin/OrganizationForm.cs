namespace DIH4S.Web.Pages.Admin;

/// <summary>What the coordinator types to onboard an organization, and the body it becomes (API.md, Identity).</summary>
public sealed class OrganizationForm
{
    /// <summary>The kinds a coordinator onboards (the hub itself exists from the start).</summary>
    public static readonly IReadOnlyList<string> Kinds = ["sme", "public-body", "partner"];

    public static readonly IReadOnlyList<string> Sizes = ["micro", "small", "medium", "large"];

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "sme";

    public string Sector { get; set; } = "";

    public string County { get; set; } = "";

    /// <summary>Empty: not given.</summary>
    public string Size { get; set; } = "";

    /// <summary>Comma-separated service categories (partners only).</summary>
    public string Competences { get; set; } = "";

    /// <summary>The competences as the API takes them: lowercase slugs, one each; none for a customer.</summary>
    public IReadOnlyList<string>? CompetenceList() =>
        Kind != "partner"
            ? null
            : [.. Competences.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.ToLowerInvariant())
                .Distinct(StringComparer.Ordinal)];

    public object Body() => new
    {
        name = Name.Trim(),
        kind = Kind,
        sector = Blank(Sector),
        county = Blank(County),
        size = Blank(Size),
        competences = CompetenceList(),
    };

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
