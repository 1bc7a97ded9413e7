using System.Text.Json;

namespace DIH4S.Web.Services;

/// <summary>JSON as the API speaks it: camelCase.</summary>
public static class DeskJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
