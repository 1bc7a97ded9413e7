using System.Net;
using System.Text;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

[Collection(DeskCollection.Name)]
public sealed class VisibilityAndErrorTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task NobodySeesAnotherCustomersRequest()
    {
        var mine = await Cast.SetUpAsync(_node);
        var theirs = await Cast.SetUpAsync(_node);
        var id = await mine.SubmitAsync();

        (await theirs.Requester.GetAsync($"/api/requests/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await theirs.Partners[0].GetAsync($"/api/requests/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await theirs.Partners[0].PostAsync($"/api/requests/{id}/accept")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await theirs.Requester.GetAsync($"/api/requests/{id}/history")).Status.ShouldBe(HttpStatusCode.NotFound);
        Ids(await theirs.Requester.GetOkAsync("/api/requests")).ShouldNotContain(id);
        Ids(await theirs.Partners[0].GetOkAsync("/api/requests")).ShouldNotContain(id);
    }

    [Fact]
    public async Task ListsAreScopedToWhatTheCallerMaySee()
    {
        var cast = await Cast.SetUpAsync(_node);
        var first = await cast.SubmitAsync("First");
        var second = await cast.SubmitAsync("Second");
        await cast.Partners[0].PostOkAsync($"/api/requests/{first}/accept");
        await cast.Partners[1].PostOkAsync($"/api/requests/{second}/decline", new { reason = "Busy." });

        Ids(await cast.Requester.GetOkAsync("/api/requests")).ShouldBe([second, first]);
        Ids(await cast.Partners[0].GetOkAsync("/api/requests")).ShouldBe([second, first]);
        Ids(await cast.Partners[1].GetOkAsync("/api/requests")).ShouldBeEmpty(); // one taken by another partner, one declined
        Ids(await cast.Requester.GetOkAsync("/api/requests?state=accepted")).ShouldBe([first]);
        var all = Ids(await cast.Coordinator.GetOkAsync("/api/requests?pageSize=100"));
        all.ShouldContain(first);
        all.ShouldContain(second);
    }

    [Fact]
    public async Task ListsPage()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        for (var i = 0; i < 3; i++)
        {
            await cast.SubmitAsync($"Request {i}");
        }

        var page = await cast.Requester.GetOkAsync("/api/requests?page=2&pageSize=2");

        page.GetProperty("total").GetInt32().ShouldBe(3);
        page.GetProperty("page").GetInt32().ShouldBe(2);
        page.GetProperty("pageSize").GetInt32().ShouldBe(2);
        page.GetProperty("items").GetArrayLength().ShouldBe(1);
        page.GetProperty("items")[0].GetProperty("title").GetString().ShouldBe("Request 0");
    }

    [Theory]
    [InlineData("/api/requests?state=&page=&pageSize=")]
    [InlineData("/api/bookings?state=&page=&pageSize=")]
    [InlineData("/api/trainings?page=&pageSize=")]
    public async Task EmptyListParametersMeanTheirDefaults(string path)
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);

        var page = await cast.Requester.GetOkAsync(path);

        page.GetProperty("page").GetInt32().ShouldBe(1);
        page.GetProperty("pageSize").GetInt32().ShouldBe(20);
    }

    [Theory]
    [InlineData("/api/requests?pageSize=101", "pageSize")]
    [InlineData("/api/requests?page=0", "page")]
    [InlineData("/api/requests?state=lost", "state")]
    public async Task BadListParametersAreValidationProblems(string path, string field)
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);

        var (status, body) = await cast.Requester.GetAsync(path);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task SubmittingWithoutTitleReturnsProblemDetailsAndCreatesNothing()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);

        var (status, body) = await cast.Requester.PostAsync("/api/requests", new { serviceCode = cast.ServiceCode, description = "x" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("status").GetInt32().ShouldBe(400);
        body.GetProperty("errors").GetProperty("title").GetArrayLength().ShouldBe(1);
        (await cast.Requester.GetOkAsync("/api/requests")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task SubmittingAnUnknownServiceIsAValidationProblem()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);

        var (status, body) = await cast.Requester.PostAsync("/api/requests", new { serviceCode = "no-such-service", title = "t", description = "d" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("serviceCode", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestProblem()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        using var content = new StringContent("{\"serviceCode\": \"x\", ", Encoding.UTF8, "application/json");

        using var response = await cast.Requester.Http.PostAsync("/api/requests", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task AWrongTypeInTheBodyIsABadRequestProblemAndChangesNothing()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitDeliveredAsync();
        using var content = new StringContent("{\"rating\": \"five\"}", Encoding.UTF8, "application/json");

        using var response = await cast.Requester.Http.PostAsync($"/api/requests/{id}/close", content);
        var (outOfRange, body) = await cast.Requester.PostAsync($"/api/requests/{id}/close", new { rating = 6 });

        var problem = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty("rating", out _).ShouldBeTrue(problem);
        problem.ShouldNotContain("DIH4S");
        outOfRange.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("rating", out _).ShouldBeTrue();
        var stored = await cast.Requester.GetOkAsync($"/api/requests/{id}");
        stored.GetProperty("state").GetString().ShouldBe("delivered");
        stored.GetProperty("version").GetInt32().ShouldBe(4);
    }

    [Theory]
    [InlineData("POST", "/api/organizations", "{\"name\": \"X\", \"kind\": 1}", "kind")]
    [InlineData("POST", "/api/organizations", "{\"name\": \"X\", \"kind\": \"sme\", \"competences\": [\"ai\", 7]}", "competences[1]")]
    [InlineData("POST", "/api/organizations", "[]", "body")]
    [InlineData("GET", "/api/requests?pageSize=abc", null, "pageSize")]
    [InlineData("GET", "/api/requests?page=1.5", null, "page")]
    public async Task UnreadableValuesAreValidationProblemsKeyedByFieldWithoutInternalNames(string method, string path, string? json, string field)
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var before = (await coordinator.GetOkAsync("/api/organizations")).GetProperty("total").GetInt32();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await coordinator.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(text);
        text.ShouldNotContain("DIH4S");
        text.ShouldNotContain("Nullable");
        (await coordinator.GetOkAsync("/api/organizations")).GetProperty("total").GetInt32().ShouldBe(before);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("accept")]
    public async Task AnActionWithoutABodyRefusesABodyThatIsNotAJsonObjectAndChangesNothing(string sent)
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();
        using var content = new StringContent(sent, Encoding.UTF8, "application/json");

        using var response = await cast.Partners[0].Http.PostAsync($"/api/requests/{id}/accept", content);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue(text);
        var stored = await cast.Requester.GetOkAsync($"/api/requests/{id}");
        stored.GetProperty("state").GetString().ShouldBe("open");
        stored.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task AnActionWithoutABodyRefusesAnOversizedOneAndChangesNothing()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();
        using var content = new StringContent($"{{\"padding\": \"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json");

        using var response = await cast.Partners[0].Http.PostAsync($"/api/requests/{id}/accept", content);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task ActionsWithoutABodyAcceptNoBodyOrAnEmptyObject()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();
        using var empty = new StringContent("", Encoding.UTF8, "text/plain");

        using var accepted = await cast.Partners[0].Http.PostAsync($"/api/requests/{id}/accept", empty);
        var started = await cast.Partners[0].PostAsync($"/api/requests/{id}/start", new { });

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        started.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnOptionalBodySentWithoutAContentTypeIsReadAsJson()
    {
        var cast = await Cast.SetUpAsync(_node);
        var partner = cast.Partners[0];
        var id = await cast.SubmitAsync();
        await partner.PostOkAsync($"/api/requests/{id}/accept");
        await partner.PostOkAsync($"/api/requests/{id}/start");
        await partner.PostOkAsync($"/api/requests/{id}/wait-on-customer", new { question = "Which office?" });
        using var bare = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));

        using var response = await cast.Requester.Http.PostAsync($"/api/requests/{id}/resume", bare);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("state").GetString().ShouldBe("in-progress");
    }

    [Fact]
    public async Task ARoleThatMayNeverActGetsForbidden()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();

        var (accept, body) = await cast.Requester.PostAsync($"/api/requests/{id}/accept");
        var (submit, _) = await cast.Partners[0].PostAsync("/api/requests", new { serviceCode = cast.ServiceCode, title = "t", description = "d" });
        var (assign, _) = await cast.Partners[0].PostAsync($"/api/requests/{id}/assign", new { partnerId = cast.Partners[0].OrganizationId });

        accept.ShouldBe(HttpStatusCode.Forbidden);
        body.GetProperty("status").GetInt32().ShouldBe(403);
        submit.ShouldBe(HttpStatusCode.Forbidden);
        assign.ShouldBe(HttpStatusCode.Forbidden);
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("state").GetString().ShouldBe("open");
    }

    [Fact]
    public async Task ActionsOutOfOrderAreConflicts()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();

        var (start, body) = await cast.Partners[0].PostAsync($"/api/requests/{id}/start");
        var (close, _) = await cast.Requester.PostAsync($"/api/requests/{id}/close", new { rating = 4 });

        start.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        close.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UnknownRequestsAreNotFound()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);

        (await cast.Requester.GetAsync("/api/requests/req_missing")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Partners[0].PostAsync("/api/requests/req_missing/accept")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    private static List<string?> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString())];
}
