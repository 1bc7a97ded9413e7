using System.Globalization;
using Microsoft.JSInterop;

namespace DIH4S.Web.Services;

/// <summary>
/// The two languages of the desk. The choice is stored in the browser and applied by reloading the app.
/// The app runs with invariant globalization (no ICU data to download, ADR 0010): the two cultures'
/// formats and names are set here, so dates read the same in every browser.
/// </summary>
public sealed class Cultures(IJSRuntime js, IBrowserStorage storage)
{
    public const string StorageKey = "dih4s.culture";
    public const string Romanian = "ro";
    public const string English = "en";

    public static IReadOnlyList<string> Supported { get; } = [Romanian, English];

    public static string Current => CultureInfo.CurrentUICulture.Name.StartsWith(Romanian, StringComparison.Ordinal) ? Romanian : English;

    /// <summary>Applies the culture the page started with (index.html chose it before .NET started).</summary>
    public static void Apply(string? name)
    {
        var culture = Build(name);
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>The culture of a language: its resources' name, and its way of writing dates, times and numbers.</summary>
    public static CultureInfo Build(string? name)
    {
        var romanian = name is not null && name.StartsWith(Romanian, StringComparison.Ordinal);
        var words = romanian ? RomanianWords : EnglishWords;
        var culture = new CultureInfo(romanian ? Romanian : English);
        var dates = culture.DateTimeFormat;
        dates.FirstDayOfWeek = DayOfWeek.Monday;
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        dates.LongDatePattern = "d MMMM yyyy";
        dates.MonthNames = dates.MonthGenitiveNames = words.Months;
        dates.AbbreviatedMonthNames = dates.AbbreviatedMonthGenitiveNames = words.ShortMonths;
        dates.DayNames = words.Days;
        dates.AbbreviatedDayNames = words.ShortDays;
        dates.ShortestDayNames = words.ShortestDays;
        dates.DateSeparator = words.DateSeparator;
        dates.ShortDatePattern = $"dd{words.DateSeparator}MM{words.DateSeparator}yyyy";
        culture.NumberFormat.NumberDecimalSeparator = words.Decimal;
        culture.NumberFormat.NumberGroupSeparator = words.Group;
        return culture;
    }

    /// <summary>What a language calls months and days, and how it separates dates and numbers.</summary>
    private sealed record Words(
        string[] Months, string[] ShortMonths, string[] Days, string[] ShortDays, string[] ShortestDays, string DateSeparator, string Decimal,
        string Group);

    private static readonly Words RomanianWords = new(
        ["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie", ""],
        ["ian.", "feb.", "mar.", "apr.", "mai", "iun.", "iul.", "aug.", "sept.", "oct.", "nov.", "dec.", ""],
        ["duminică", "luni", "marți", "miercuri", "joi", "vineri", "sâmbătă"],
        ["dum.", "lun.", "mar.", "mie.", "joi", "vin.", "sâm."],
        ["du", "lu", "ma", "mi", "jo", "vi", "sâ"],
        ".", ",", ".");

    private static readonly Words EnglishWords = new(
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", ""],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", ""],
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"],
        "/", ".", ",");

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
