using DIH4S.Web.Resources;
using DIH4S.Web.Services;
using Microsoft.Extensions.Localization;

namespace DIH4S.Web.Components;

/// <summary>Turns an error into a sentence for the person at the screen.</summary>
public static class Messages
{
    public static string Explain(IStringLocalizer<SharedText> text, Exception error, string? conflict = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return error switch
        {
            DeskUnreachable => text["Error_Unreachable"],
            SessionEnded => text["Error_SessionEnded"],
            ApiProblem { Status: 409 } when conflict is not null => conflict,
            ApiProblem { Status: 400, Errors.Count: > 0 } => text["Error_Validation"],
            ApiProblem { Status: 404 } => text["Error_NotFound"],
            ApiProblem { Status: 403 } => text["Error_Forbidden"],
            ApiProblem { Status: 429 } => text["Error_TooMany"],
            ApiProblem { Status: 409 } p => $"{text["Error_Conflict"]} {p.Title}".TrimEnd(),
            ApiProblem p => text["Error_Generic", p.Detail ?? p.Title ?? p.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            _ => text["Error_Generic", error.Message],
        };
    }

    /// <summary>The validation message of one field, for a control's ErrorText.</summary>
    public static string? For(Exception? error, string field) => (error as ApiProblem)?.ErrorFor(field);
}
