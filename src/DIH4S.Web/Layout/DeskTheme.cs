using MudBlazor;

namespace DIH4S.Web.Layout;

/// <summary>The desk's colours: a deep blue with an amber accent, contrast checked for text on both.</summary>
public static class DeskTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e4d7b",
            Secondary = "#b35c00",
            AppbarBackground = "#1e4d7b",
        },
    };
}
