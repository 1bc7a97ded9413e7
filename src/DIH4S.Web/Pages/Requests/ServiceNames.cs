using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Requests;

/// <summary>The catalogue's titles by service code, so lists can name the service a request is for.</summary>
public static class ServiceNames
{
    /// <summary>Titles by code; empty when the catalogue cannot be read (the code is shown instead).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LoadAsync(DeskApiClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            return (await api.ServicesAsync()).Items.ToDictionary(s => s.Code, s => s.Title);
        }
        catch (Exception e) when (e is ApiProblem or DeskUnreachable)
        {
            return new Dictionary<string, string>();
        }
    }

    public static string Of(IReadOnlyDictionary<string, string> names, string code)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.TryGetValue(code, out var title) ? title : code;
    }
}
