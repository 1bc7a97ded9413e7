using System.Text.Json;

namespace DIH4S.Web.Services;

/// <summary>Reads an error response as the problem it describes.</summary>
public static class Problems
{
    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        try
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!string.IsNullOrWhiteSpace(body))
            {
                var parsed = JsonSerializer.Deserialize<ProblemBody>(body, DeskJson.Options);
                if (parsed is not null)
                {
                    return new ApiProblem(status, parsed.Title, parsed.Detail, parsed.Errors);
                }
            }
        }
        catch (JsonException)
        {
            // Not problem+json (a proxy's page, say): the status alone tells what happened.
        }

        return new ApiProblem(status, response.ReasonPhrase, null, null);
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
