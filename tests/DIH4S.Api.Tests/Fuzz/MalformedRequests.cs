using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace DIH4S.Api.Tests.Fuzz;

/// <summary>One API route as the node maps it: a method, a pattern, and the body type it reads (null: none).</summary>
public sealed record FuzzRoute(string Method, RoutePattern Pattern, Type? BodyType)
{
    /// <summary>Every <c>/api</c> route of the node, one per method, in a stable order.</summary>
    public static IReadOnlyList<FuzzRoute> All(EndpointDataSource endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return [.. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new FuzzRoute(
                m, e.RoutePattern, e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Select(a => a.RequestType).FirstOrDefault(t => t is not null))))
            .OrderBy(r => r.Pattern.RawText, StringComparer.Ordinal)
            .ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    public override string ToString() => $"{Method} {Pattern.RawText}";
}

/// <summary>One generated request; <see cref="MustFail"/> when nothing in it could be a valid call.</summary>
public sealed record FuzzCase(FuzzRoute Route, string Method, string Path, bool SignedIn, string? ContentType, byte[]? Body, bool MustFail)
{
    public override string ToString()
    {
        var body = Body is null ? "(no body)"
            : Body.Length > 120 ? $"{Escape(Body.AsSpan(0, 120))}… ({Body.Length} bytes)"
            : Escape(Body);
        var path = Path.Length > 200 ? $"{Path[..200]}… ({Path.Length} chars)" : Path;
        return $"{(SignedIn ? "coordinator" : "anonymous")} {Method} {path} [{ContentType ?? "no content type"}] {body}";
    }

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        }

        return text.ToString();
    }
}

/// <summary>
/// A seeded generator of malformed requests: ids (blank, control characters, very long, unicode, dot
/// segments, unknown), bodies (truncated JSON, wrong types, null, arrays, huge numbers, bad UTF-8, deep
/// nesting), content types (unknown charsets, forms, none) and query values.
/// <para>
/// A request that carries the real ids of <paramref name="realIds"/> (keyed by the path segment before the
/// parameter, e.g. <c>requests</c>, <c>seats</c>), or an id that could resolve to another route (dot
/// segments, slashes), always has a body that no route can accept, so it must fail and change nothing.
/// Only a request whose ids name nothing may carry an empty body or <c>{}</c>: that is how an odd id
/// gets as far as a grain.
/// </para>
/// </summary>
public sealed class MalformedRequests(Random random, IReadOnlyDictionary<string, string> realIds)
{
    /// <summary>
    /// Ids that name nothing and cannot leave their segment: written into the path as they are (already encoded).
    /// No <c>%00</c>: the test server, like Kestrel, refuses a path with a null character before the app sees it.
    /// </summary>
    private static readonly string[] OddIds =
    [
        "%20", "%09", "%20%20", "%0A", "%0D%0A", "%C2%A0", "%E3%80%80", "%01", "%1Fx", "x%7F", "%07", "%1B",
        new string('a', 300), "req_" + new string('9', 5000), "%C4%83%C3%AE%C8%99%C8%9B", "%F0%9F%99%82", "%E2%80%AE",
        "%F0%9D%95%8F", "%C3%28", "%FF", "%FE%FF", "null", "undefined", "-1", "0", "req_missing", "%27%20OR%201%3D1%20--",
        "%3Cscript%3E", "%7Bid%7D", "%25", "~", "-", "_", "a%20", "%20a",
    ];

    /// <summary>Ids that a client or server may resolve into another path: never sent with a body that could be valid.</summary>
    private static readonly string[] PathChangingIds = ["..", ".", "%2e%2e", "%2E.", "a%2Fb", "%2F", "%5C", "..%2F..", "%2e"];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=bogus", "application/json; charset=BOGUS-8",
        "application/json; charset=utf-16", "application/json; charset=utf-7", "application/json; charset=latin1",
        "application/json; charset=", "application/json; charset=\"", "application/json;charset=utf-8;charset=bogus",
        "application/merge-patch+json; charset=x-unknown", "text/plain", "text/plain; charset=bogus", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=zz", "multipart/form-data", "application/xml", "application/octet-stream", "*/*", ";", "json",
        "application/json; boundary=\u00e9", null,
    ];

    private static readonly string[] QueryNames = ["page", "pageSize", "state", "from", "to", "key", "kind", "category", "family", "id", "q", ""];

    private static readonly string[] QueryValues =
    [
        "", "%20", "%09", "-1", "0", "abc", "1.5", "1e10", "99999999999999999999", "%00", "%FF", "%C3%28", "%", "%25", "null", "[]", "%7B%7D",
        "2026-13-45T99:99:99Z", "2026-11-24T10:00:00", "2026-11-24T10:00:00+02:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "true", "open", "OPEN", "%C8%99", "%F0%9F%99%82", "a+b", "+02:00", "..", new string('x', 3000),
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    /// <summary>A request for the route; mostly its own method, sometimes one it does not allow.</summary>
    public FuzzCase Next(FuzzRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var method = random.Next(20) == 0 ? Pick(Methods) : route.Method;
        var useRealIds = random.Next(2) == 0;
        var risky = false;
        var allOdd = route.Pattern.Parameters.Count > 0;
        var path = new StringBuilder();
        string? previousLiteral = null;
        foreach (var segment in route.Pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        previousLiteral = literal.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        if (useRealIds && previousLiteral is not null && realIds.TryGetValue(previousLiteral, out var real))
                        {
                            path.Append(Uri.EscapeDataString(real));
                            allOdd = false;
                        }
                        else if (random.Next(8) == 0)
                        {
                            path.Append(Pick(PathChangingIds));
                            risky = true;
                        }
                        else
                        {
                            path.Append(Pick(OddIds));
                        }

                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                }
            }
        }

        if (path.Length == 0)
        {
            path.Append('/');
        }

        if (random.Next(5) < 2)
        {
            path.Append('?').Append(Query());
        }

        // Only a request whose ids all name nothing, with nothing that could change the route, may carry a body a
        // route could accept; every other request that may change state carries a body nothing can accept.
        var mayChangeState = method != "GET";
        var mustFail = mayChangeState && !(allOdd && !risky);
        var (contentType, body) = mustFail ? MalformedBody(route) : AnyBody(route);
        var signedIn = random.Next(5) != 0;
        return new FuzzCase(route, method, path.ToString(), signedIn, contentType, body, mustFail);
    }

    private string Query()
    {
        var pairs = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => $"{Pick(QueryNames)}={Pick(QueryValues)}");
        return string.Join('&', pairs);
    }

    private (string? ContentType, byte[]? Body) AnyBody(FuzzRoute route) => random.Next(4) switch
    {
        0 => (Pick(ContentTypes), null),
        1 => (Pick(ContentTypes), "{}"u8.ToArray()),
        2 => (Pick(ContentTypes), []),
        _ => MalformedBody(route),
    };

    /// <summary>A body that neither a route with a JSON body nor one that takes none can accept, with any content type.</summary>
    private (string? ContentType, byte[] Body) MalformedBody(FuzzRoute route)
    {
        var body = random.Next(9) switch
        {
            0 => Truncated(route),
            1 or 2 => route.BodyType is { } type ? WrongType(type) : NotAnObject(),
            3 => NotAnObject(),
            4 => BadUtf8(),
            5 => Bytes("null"),
            6 => Bytes(new string('[', 100 + random.Next(100)) + new string(']', 100)),
            7 => Bytes(Pick(["1e400", "-99999999999999999999999999", "123456789012345678901234567890", "NaN", "Infinity", "0x10", ".5"])),
            _ => RandomBytes(),
        };
        return (Pick(ContentTypes), body);
    }

    /// <summary>An object of the body's fields cut before its closing brace: never valid JSON.</summary>
    private byte[] Truncated(FuzzRoute route)
    {
        var names = route.BodyType?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => Camel(p.Name)).ToArray() ?? ["reason"];
        var text = "{" + string.Join(", ", names.Select(n => $"\"{n}\": \"x\"")) + "}";
        return Bytes(text[..(1 + random.Next(text.Length - 1))]);
    }

    /// <summary>
    /// An object where one field of the body type has a JSON type it cannot take (the binding refuses the whole
    /// body). Not a number in a string for a number: the web defaults of System.Text.Json read <c>"3"</c> as 3.
    /// </summary>
    private byte[] WrongType(Type bodyType)
    {
        var properties = bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        if (properties.Length == 0)
        {
            return NotAnObject();
        }

        var property = Pick(properties);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var wrong = type == typeof(string) ? Pick(["5", "true", "{}", "[]", "1e400", "[\"x\"]"])
            : type == typeof(int) ? Pick(["1.5", "1e400", "99999999999999999999", "-99999999999", "true", "[]", "{}", "\"three\""])
            : type == typeof(bool) ? Pick(["\"yes\"", "1", "0", "\"true\"", "[]", "{}"])
            : Pick(["5", "\"x\"", "{}", "[1, 2]", "[true]", "[[\"x\"]]"]);
        var others = properties.Where(p => p != property && random.Next(2) == 0).Select(p => $"\"{Camel(p.Name)}\": \"filler\"");
        return Bytes("{" + string.Join(", ", others.Prepend($"\"{Camel(property.Name)}\": {wrong}")) + "}");
    }

    private byte[] NotAnObject() =>
        Bytes(Pick(["[]", "[{}]", "[1, 2]", "\"text\"", "42", "true", "false", "null", " null ", "\"{}\"", "[null]", "accept", "{", "}", "{]", "{\"a\":}", "{\"a\" 1}"]));

    private byte[] BadUtf8()
    {
        byte[][] starts = [[0xFF], [0xC3, 0x28], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF, 0xFF], [0x7B, 0xFF, 0x7D], [0x7B, 0x22, 0xC0, 0xAF]];
        return [.. Pick(starts), .. RandomBytes().Take(random.Next(16))];
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[1 + random.Next(64)];
        random.NextBytes(bytes);
        bytes[0] = (byte)(0x80 | bytes[0]); // never a JSON object's '{' (nor whitespace before one)
        return bytes;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Camel(string name) => string.Create(CultureInfo.InvariantCulture, $"{char.ToLowerInvariant(name[0])}{name[1..]}");

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
