using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Requests;

/// <summary>The catalogue as a person narrows it: by EDIH family, by category and by words.</summary>
public static class CatalogueFilter
{
    /// <summary>The services matching every given criterion (null or empty: not filtered), by title.</summary>
    public static IReadOnlyList<CatalogueService> Apply(IEnumerable<CatalogueService> services, string? family, string? category, string? search)
    {
        ArgumentNullException.ThrowIfNull(services);
        var words = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. services
            .Where(s => string.IsNullOrEmpty(family) || s.Family == family)
            .Where(s => string.IsNullOrEmpty(category) || s.Category == category)
            .Where(s => words.All(w => Contains(s.Title, w) || Contains(s.Description, w) || Contains(s.Code, w)))
            .OrderBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>The families in the order the EDIH programme names them, known ones first.</summary>
    public static IReadOnlyList<string> FamiliesOf(IEnumerable<CatalogueService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var present = services.Select(s => s.Family).Distinct().ToList();
        return [.. ServiceFamilies.All.Where(present.Contains), .. present.Except(ServiceFamilies.All).Order(StringComparer.Ordinal)];
    }

    public static IReadOnlyList<string> CategoriesOf(IEnumerable<CatalogueService> services, string? family)
    {
        ArgumentNullException.ThrowIfNull(services);
        return [.. services.Where(s => string.IsNullOrEmpty(family) || s.Family == family).Select(s => s.Category).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Where a family's section goes: the programme's order, unknown families last.</summary>
    public static int FamilyOrder(string family)
    {
        for (var i = 0; i < ServiceFamilies.All.Count; i++)
        {
            if (ServiceFamilies.All[i] == family)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static bool Contains(string? text, string word) =>
        text is not null && text.Contains(word, StringComparison.CurrentCultureIgnoreCase);
}
