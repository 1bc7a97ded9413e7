using System.Globalization;
using DIH4S.Web.Services;

namespace DIH4S.Web.Tests;

/// <summary>The app carries its two cultures' formats itself (it runs without ICU data in the browser).</summary>
public sealed class CultureTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 22, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Cultures.Romanian, "02.12.2026 00:15", "miercuri", "decembrie")]
    [InlineData(Cultures.English, "02/12/2026 00:15", "Wednesday", "December")]
    public void DatesReadAsTheLanguageWritesThemInBucharestTime(string language, string shortForm, string day, string month)
    {
        var culture = Cultures.Build(language);
        var local = DeskTime.ToLocal(Tuesday);

        local.ToString("g", culture).ShouldBe(shortForm);
        local.ToString("dddd", culture).ShouldBe(day);
        local.ToString("MMMM", culture).ShouldBe(month);
        culture.DateTimeFormat.FirstDayOfWeek.ShouldBe(DayOfWeek.Monday);
    }

    [Fact]
    public void RomanianWritesDecimalsWithAComma() => 12.5.ToString("N1", Cultures.Build(Cultures.Romanian)).ShouldBe("12,5");

    [Fact]
    public void TheResourcesOfALanguageAreFoundByItsName()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Cultures.Build(Cultures.Romanian);
            new System.Resources.ResourceManager("DIH4S.Web.Resources.SharedText", typeof(Cultures).Assembly)
                .GetString("Nav_Catalogue", CultureInfo.CurrentUICulture).ShouldBe("Catalog");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
