using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Trainings;

namespace DIH4S.Api.Tests.Trainings;

[Collection(TrainingsCollection.Name)]
public sealed class TrainingSchedulingTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task ATrainerSchedulesATrainingThatEverySignedInPersonSeesAndLists()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var start = _node.Clock.GetUtcNow().AddDays(5);

        var created = await cast.ScheduleAsync(start, capacity: 12);
        var id = created.Id();
        var seen = await cast.Attendees[0].GetOkAsync($"/api/trainings/{id}");
        var listed = await cast.Attendees[0].GetOkAsync("/api/trainings?page=1&pageSize=100");

        id.ShouldStartWith("trn_");
        seen.GetProperty("title").GetString().ShouldBe("OT security for small factories");
        seen.GetProperty("start").GetDateTimeOffset().ShouldBe(start);
        seen.GetProperty("end").GetDateTimeOffset().ShouldBe(start.AddHours(3));
        seen.GetProperty("location").GetString().ShouldBe("UTCN, room 40");
        seen.Int("capacity").ShouldBe(12);
        seen.Int("confirmed").ShouldBe(0);
        seen.Int("waitlisted").ShouldBe(0);
        seen.Version().ShouldBe(1);
        seen.GetProperty("trainerId").GetString().ShouldBe(cast.Trainer.UserId);
        seen.GetProperty("partnerId").GetString().ShouldBe(cast.Trainer.OrganizationId);
        seen.GetProperty("cancellationDeadline").GetDateTimeOffset().ShouldBe(start.AddHours(-24), "the default notice is 24 hours");
        seen.GetProperty("attendanceOpensAt").GetDateTimeOffset().ShouldBe(start.AddHours(-1));
        seen.GetProperty("start").GetString()!.ShouldEndWith("+00:00");
        listed.Items().Select(t => t.Id()).ShouldContain(id);
        listed.Items().First().Id().ShouldBe(id, "the newest training comes first");
    }

    [Fact]
    public async Task ATrainingIsAnnouncedLiveToEverySignedInPerson()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        await using var someone = await cast.Attendees[0].ConnectAsync();

        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(5), capacity: 3)).Id();

        var announced = await someone.WaitForAsync<TrainingView>("TrainingChanged", t => t.Id == id);
        announced.Version.ShouldBe(1);
        announced.Capacity.ShouldBe(3);
        announced.TrainerId.ShouldBe(cast.Trainer.UserId);
    }

    [Fact]
    public async Task ACoordinatorMayScheduleATrainingForANamedTrainer()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 0);

        var created = await cast.Coordinator.PostOkAsync("/api/trainings", new
        {
            title = "Cloud basics",
            start = _node.Clock.GetUtcNow().AddDays(3),
            end = _node.Clock.GetUtcNow().AddDays(3).AddHours(2),
            capacity = 5,
            trainerId = cast.Trainer.UserId,
        });

        created.GetProperty("trainerId").GetString().ShouldBe(cast.Trainer.UserId);
        created.GetProperty("partnerId").GetString().ShouldBe(cast.Trainer.OrganizationId);
    }

    [Fact]
    public async Task OnlyTrainersAndCoordinatorsScheduleAndOnlyCoordinatorsNameSomeoneElse()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var start = _node.Clock.GetUtcNow().AddDays(3);
        var body = new { title = "Cloud basics", start, end = start.AddHours(2), capacity = 5 };

        var (byRequester, problem) = await cast.Attendees[0].PostAsync("/api/trainings", body);
        var (naming, _) = await cast.Trainer.PostAsync("/api/trainings",
            new { body.title, body.start, body.end, body.capacity, trainerId = cast.Coordinator.UserId });
        var (namingANonTrainer, invalid) = await cast.Coordinator.PostAsync("/api/trainings",
            new { body.title, body.start, body.end, body.capacity, trainerId = cast.Attendees[0].UserId });

        byRequester.ShouldBe(HttpStatusCode.Forbidden);
        problem.GetProperty("status").GetInt32().ShouldBe(403);
        naming.ShouldBe(HttpStatusCode.Forbidden);
        namingANonTrainer.ShouldBe(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").TryGetProperty("trainerId", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("end", "end before start")]
    [InlineData("capacity", "capacity 0")]
    [InlineData("capacity", "capacity 10001")]
    [InlineData("cancellationDeadline", "deadline after start")]
    [InlineData("start", "start in the past")]
    [InlineData("start", "start without an offset")]
    [InlineData("start", "start in the year 9999")]
    [InlineData("title", "no title")]
    public async Task AnInvalidTrainingIsRefusedFieldByFieldAndNothingIsCreated(string field, string variant)
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 0);
        var now = _node.Clock.GetUtcNow();
        var start = now.AddDays(2);
        object body = variant switch
        {
            "end before start" => new { title = "T", start, end = start.AddMinutes(-1), capacity = 5 },
            "capacity 0" => new { title = "T", start, end = start.AddHours(1), capacity = 0 },
            "capacity 10001" => new { title = "T", start, end = start.AddHours(1), capacity = 10_001 },
            "deadline after start" => new { title = "T", start, end = start.AddHours(1), capacity = 5, cancellationDeadline = start.AddMinutes(1) },
            "start in the past" => new { title = "T", start = now.AddHours(-1), end = now.AddHours(1), capacity = 5 },
            "start without an offset" => new { title = "T", start = "2030-01-01T09:00:00", end = "2030-01-01T11:00:00+02:00", capacity = 5 },
            "start in the year 9999" => new { title = "T", start = "9999-12-31T09:00:00Z", end = "9999-12-31T11:00:00Z", capacity = 5 },
            _ => new { title = " ", start, end = start.AddHours(1), capacity = 5 },
        };
        var before = (await cast.Trainer.GetOkAsync("/api/trainings")).Int("total");

        var (status, problem) = await cast.Trainer.PostAsync("/api/trainings", body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await cast.Trainer.GetOkAsync("/api/trainings")).Int("total").ShouldBe(before);
    }

    [Fact]
    public async Task MalformedJsonIsAProblemNotAServerError()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 0);
        using var content = new StringContent("{\"title\": \"T\", \"capacity\": \"many\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await cast.Trainer.Http.PostAsync("/api/trainings", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task AnUnknownTrainingIsNotFound()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);

        (await cast.Attendees[0].GetAsync("/api/trainings/trn_unknown")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Attendees[0].PostAsync("/api/trainings/trn_unknown/seats")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Attendees[0].GetAsync("/api/trainings/trn_unknown/seats")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
