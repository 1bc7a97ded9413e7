using System.Globalization;
using Microsoft.JSInterop;

namespace DIH4S.Web.Services;

/// <summary>The two languages of the desk. The choice is stored in the browser and applied by reloading the app.</summary>
public sealed class Cultures(IJSRuntime js, IBrowserStorage storage)
{
    public const string StorageKey = "dih4s.culture";
    public const string Romanian = "ro-RO";
    public const string English = "en-GB";

    public static IReadOnlyList<string> Supported { get; } = [Romanian, English];

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ro" ? Romanian : English;

    /// <summary>Applies the culture the page started with (index.html chose it before .NET started).</summary>
    public static void Apply(string? name)
    {
        var culture = CultureInfo.GetCultureInfo(Supported.Contains(name) ? name! : English);
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>Stores the choice and restarts the app in that language, on the same page.</summary>
    public async Task SwitchAsync(string name, string currentUri)
    {
        if (!Supported.Contains(name) || name == Current)
        {
            return;
        }

        await storage.SetAsync(StorageKey, name);
        await js.InvokeVoidAsync("location.replace", currentUri);
    }
}
