using System.Globalization;
using System.Resources;
using DIH4S.Web.Resources;

namespace DIH4S.Web.Tests;

/// <summary>Every string exists in both languages, and Romanian is written with the comma-below letters.</summary>
public sealed class ResourceTests
{
    public static TheoryData<string> Sets()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(SharedText).Assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith("DIH4S.Web.Resources.", StringComparison.Ordinal) && n.EndsWith(".resources", StringComparison.Ordinal)))
        {
            data.Add(name[..^".resources".Length]);
        }

        return data;
    }

    [Fact]
    public void TheAppHasStringSets() => Sets().Count.ShouldBeGreaterThan(1);

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryStringHasARomanianTranslationAndNoOther(string baseName)
    {
        var english = Read(baseName, CultureInfo.InvariantCulture);
        var romanian = Read(baseName, CultureInfo.GetCultureInfo("ro"));
        romanian.Keys.Order().ShouldBe(english.Keys.Order(), $"{baseName}: the two languages name the same strings");
        foreach (var (key, value) in romanian)
        {
            value.ShouldNotBeNullOrWhiteSpace($"{baseName}.{key}");
            english[key].ShouldNotBeNullOrWhiteSpace($"{baseName}.{key}");
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void RomanianUsesCommaBelowLetters(string baseName)
    {
        // ş ţ Ş Ţ (cedilla) are the wrong letters for Romanian; ș ț Ș Ț (comma below) are right.
        foreach (var (key, value) in Read(baseName, CultureInfo.GetCultureInfo("ro")))
        {
            value.IndexOfAny(['\u015F', '\u0163', '\u015E', '\u0162']).ShouldBe(-1, $"{baseName}.{key}: '{value}'");
        }
    }

    private static Dictionary<string, string> Read(string baseName, CultureInfo culture)
    {
        var manager = new ResourceManager(baseName, typeof(SharedText).Assembly);
        using var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"{baseName} has no {culture.Name} set");
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
