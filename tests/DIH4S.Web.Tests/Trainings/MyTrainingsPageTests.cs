using System.Net;
using Bunit;
using DIH4S.Web.Pages.Trainings;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using static DIH4S.Web.Tests.Trainings.TrainingData;

namespace DIH4S.Web.Tests.Trainings;

public sealed class MyTrainingsPageTests : DeskTestContext
{
    private const string Trainer = "usr_trainer";

    [Fact]
    public async Task TrainerSeesOnlyTheTrainingsTheyRunAndNewOnesAppearLive()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        Api.OnGet("/api/trainings", StubApi.PageOf(
            Training(id: "trn_1", title: "Mine"), Training(id: "trn_2", title: "Someone else's", trainerId: "usr_other")));
        var page = Render<MyTrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=my-training-trn_1]").TextContent.ShouldBe("Mine"));
        page.FindAll("[data-testid=my-training-trn_2]").ShouldBeEmpty();

        Live.Raise(Training(id: "trn_3", title: "Welding basics"));
        Live.Raise(Training(id: "trn_4", title: "Not mine", trainerId: "usr_other"));

        page.WaitForAssertion(() => page.Find("[data-testid=my-training-trn_3]").TextContent.ShouldBe("Welding basics"));
        page.FindAll("[data-testid=my-training-trn_4]").ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateTrainingShowsFieldErrors()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        Api.OnGet("/api/trainings", StubApi.PageOf<Training>());
        Api.OnPostProblem("/api/trainings", 400, "The request has invalid fields.", new Dictionary<string, string[]>
        {
            ["title"] = ["A title is required."],
            ["capacity"] = ["The capacity must be at least 1."],
        });
        var page = Render<MyTrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=create-training]"));

        page.Find("[data-testid=create-training-form]").Submit();

        page.WaitForAssertion(() => Field(page, "training-title").TextContent.ShouldContain("A title is required."));
        Field(page, "training-capacity").TextContent.ShouldContain("The capacity must be at least 1.");
        Field(page, "training-location").TextContent.ShouldNotContain("must");
        page.FindAll("[data-testid=problem]").ShouldBeEmpty();
        page.FindAll("[data-testid=training-created]").ShouldBeEmpty();
    }

    /// <summary>The control around an input: its label, the input and the error shown under it.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MyTrainingsPage> page, string inputId) =>
        page.Find($"#{inputId}").Closest(".mud-input-control")!;

    [Fact]
    public async Task CreatingATrainingSendsHubTimesAndListsIt()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        Api.OnGet("/api/trainings", StubApi.PageOf<Training>());
        Api.OnPost("/api/trainings", Training(id: "trn_9", title: "Laser cutting"), HttpStatusCode.Created);
        var page = Render<MyTrainingsPage>();
        page.WaitForAssertion(() => page.Find("#training-title"));

        page.Find("#training-title").Input("Laser cutting");
        page.Find("[data-testid=create-training-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=training-created]").TextContent.ShouldContain("Laser cutting"));
        page.Find("[data-testid=my-training-trn_9]");
        var body = Api.BodiesSentTo(HttpMethod.Post, "/api/trainings").Single()!;
        body.ShouldContain("\"title\":\"Laser cutting\"");
        body.ShouldContain("\"start\":\"2026-12-01T09:00:00+02:00\""); // a week ahead, 09:00 in Bucharest
        body.ShouldContain("\"end\":\"2026-12-01T13:00:00+02:00\"");
        body.ShouldContain("\"capacity\":10");
        body.ShouldContain("\"cancellationDeadline\":null");
    }
}
