using System.Globalization;
using System.Text.RegularExpressions;
using DIH4S.Api.Problems;

namespace DIH4S.Api.Endpoints;

/// <summary>
/// Times as the API takes them: ISO 8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>). A time
/// without an offset would be read in the server's zone, so it is refused rather than guessed.
/// </summary>
public static partial class Instants
{
    /// <summary>The earliest instant accepted; with <see cref="Latest"/>, keeps time arithmetic far from overflow.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant no longer accepted.</summary>
    public static readonly DateTimeOffset Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Parses a required or optional instant into UTC, adding a field error when it is missing or malformed.</summary>
    public static DateTimeOffset? Parse(this Validation validation, string? value, string field, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                validation.Add(field, $"'{field}' is required.");
            }

            return null;
        }

        if (!WithOffset().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            validation.Add(field, $"'{field}' must be an ISO 8601 date and time with an offset, e.g. 2026-11-25T09:00:00Z or 2026-11-25T11:00:00+02:00.");
            return null;
        }

        var utc = parsed.ToUniversalTime();
        if (utc < Earliest || utc >= Latest)
        {
            validation.Add(field, $"'{field}' must fall between the years {Earliest.Year} and {Latest.Year - 1}.");
            return null;
        }

        return utc;
    }

    /// <summary>
    /// Like <see cref="Parse"/> for a query-string value, where an unencoded <c>+</c> of the offset
    /// arrives as a space.
    /// </summary>
    public static DateTimeOffset? ParseQuery(this Validation validation, string? value, string field, bool required = true) =>
        validation.Parse(value?.Trim().Replace(' ', '+'), field, required);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}
