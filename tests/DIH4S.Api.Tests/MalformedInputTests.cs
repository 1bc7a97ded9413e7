using System.Net;
using System.Text;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

/// <summary>The causes of the 5xx answers found by sending malformed requests (issue 9), each closed where it belongs.</summary>
[Collection(DeskCollection.Name)]
public sealed class MalformedInputTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Theory]
    [InlineData("GET", "/api/requests/%20")]
    [InlineData("GET", "/api/requests/%09/history")]
    [InlineData("POST", "/api/requests/%20/accept")]
    [InlineData("POST", "/api/requests/%09/resume")]
    [InlineData("GET", "/api/bookings/%20")]
    [InlineData("POST", "/api/bookings/%20/check-in")]
    [InlineData("GET", "/api/labs/%20/equipment")]
    [InlineData("GET", "/api/equipment/%09/calendar")]
    [InlineData("GET", "/api/trainings/%20")]
    [InlineData("POST", "/api/trainings/%20/seats")]
    [InlineData("GET", "/api/trainings/%20/seats/%09")]
    [InlineData("GET", "/api/organizations/%20%20/members")]
    public async Task AnIdThatIsOnlyWhitespaceNamesNothing(string method, string path)
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await coordinator.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(text).RootElement.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task AnIdTooLongOrWithControlCharactersNamesNothing()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);

        var (tooLong, _) = await cast.Requester.GetAsync($"/api/requests/req_{new string('a', 300)}");
        var (control, _) = await cast.Requester.GetAsync("/api/requests/req%07x");

        tooLong.ShouldBe(HttpStatusCode.NotFound);
        control.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"no-such-charset\"")]
    [InlineData("application/json; charset=utf-7")]
    public async Task ABodyInAnUnknownCharsetIsAnUnsupportedMediaTypeProblemAndChangesNothing(string contentType)
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var id = await cast.SubmitAsync();
        var submit = Json($$"""{"serviceCode": "{{cast.ServiceCode}}", "title": "t", "description": "d"}""", contentType);
        var accept = Json("{}", contentType);

        using var submitted = await cast.Requester.Http.PostAsync("/api/requests", submit);
        using var accepted = await cast.Partners[0].Http.PostAsync($"/api/requests/{id}/accept", accept);

        foreach (var response in new[] { submitted, accepted })
        {
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, text);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            JsonDocument.Parse(text).RootElement.GetProperty("title").GetString()!.ShouldContain("charset");
        }

        (await cast.Requester.GetOkAsync("/api/requests")).GetProperty("total").GetInt32().ShouldBe(1);
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task AKnownCharsetOtherThanUtf8IsStillRead()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var body = $$"""{"serviceCode": "{{cast.ServiceCode}}", "title": "Sixteen bits", "description": "d"}""";
        using var content = new ByteArrayContent(Encoding.Unicode.GetBytes(body));
        content.Headers.ContentType = new("application/json") { CharSet = "utf-16" };

        using var response = await cast.Requester.Http.PostAsync("/api/requests", content);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("  \r\n null ")]
    public async Task AJsonNullBodyIsRefusedLikeAnyBodyThatIsNotAnObject(string sent)
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var partner = cast.Partners[0];
        var id = await cast.SubmitAsync();
        await partner.PostOkAsync($"/api/requests/{id}/accept");
        await partner.PostOkAsync($"/api/requests/{id}/start");
        await partner.PostOkAsync($"/api/requests/{id}/wait-on-customer", new { question = "Which office?" });

        using var resumed = await cast.Requester.Http.PostAsync($"/api/requests/{id}/resume", Json(sent));
        using var submitted = await cast.Requester.Http.PostAsync("/api/requests", Json(sent));
        using var reserved = await cast.Requester.Http.PostAsync("/api/trainings/trn_missing/seats", Json(sent));

        foreach (var response in new[] { resumed, submitted, reserved })
        {
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue(text);
        }

        var stored = await cast.Requester.GetOkAsync($"/api/requests/{id}");
        stored.GetProperty("state").GetString().ShouldBe("waiting-on-customer");
        stored.GetProperty("version").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task ABodyThatMerelyStartsLikeNullIsAnOrdinaryParseProblem()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);

        using var response = await cast.Requester.Http.PostAsync("/api/requests", Json("nonsense"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static StringContent Json(string text, string? contentType = null)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "application/json");
        return content;
    }
}
