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
        var culture = new CultureInfo(romanian ? Romanian : English);
        var dates = culture.DateTimeFormat;
        dates.FirstDayOfWeek = DayOfWeek.Monday;
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        dates.LongDatePattern = "d MMMM yyyy";
        if (romanian)
        {
            string[] months = ["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie", ""];
            string[] shortMonths = ["ian.", "feb.", "mar.", "apr.", "mai", "iun.", "iul.", "aug.", "sept.", "oct.", "nov.", "dec.", ""];
            dates.MonthNames = months;
            dates.MonthGenitiveNames = months;
            dates.AbbreviatedMonthNames = shortMonths;
            dates.AbbreviatedMonthGenitiveNames = shortMonths;
            dates.DayNames = ["duminică", "luni", "marți", "miercuri", "joi", "vineri", "sâmbătă"];
            dates.AbbreviatedDayNames = ["dum.", "lun.", "mar.", "mie.", "joi", "vin.", "sâm."];
            dates.ShortestDayNames = ["du", "lu", "ma", "mi", "jo", "vi", "sâ"];
            dates.DateSeparator = ".";
            dates.ShortDatePattern = "dd.MM.yyyy";
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NumberGroupSeparator = ".";
        }
        else
        {
            string[] months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", ""];
            string[] shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", ""];
            dates.MonthNames = months;
            dates.MonthGenitiveNames = months;
            dates.AbbreviatedMonthNames = shortMonths;
            dates.AbbreviatedMonthGenitiveNames = shortMonths;
            dates.DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
            dates.AbbreviatedDayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
            dates.ShortestDayNames = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];
            dates.DateSeparator = "/";
            dates.ShortDatePattern = "dd/MM/yyyy";
            culture.NumberFormat.NumberDecimalSeparator = ".";
            culture.NumberFormat.NumberGroupSeparator = ",";
        }

        return culture;
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
