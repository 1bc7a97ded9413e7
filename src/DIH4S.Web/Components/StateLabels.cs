using DIH4S.Web.Resources;
using Microsoft.Extensions.Localization;

namespace DIH4S.Web.Components;

/// <summary>The words for states, roles, kinds and families; an unknown value shows as itself.</summary>
public static class StateLabels
{
    public static string Of(IStringLocalizer<SharedText> text, string kind, string state)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = kind switch
        {
            "booking" => "BookingState_",
            "seat" => "SeatState_",
            _ => "RequestState_",
        };
        return Word(text, prefix + state, state);
    }

    public static string Role(IStringLocalizer<SharedText> text, string role) => Word(text, "Role_" + role, role);

    public static string Kind(IStringLocalizer<SharedText> text, string kind) => Word(text, "Kind_" + kind, kind);

    public static string Family(IStringLocalizer<SharedText> text, string family) => Word(text, "Family_" + family, family);

    private static string Word(IStringLocalizer<SharedText> text, string key, string fallback)
    {
        var found = text[key];
        return found.ResourceNotFound ? fallback : found.Value;
    }
}
