using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Trainings;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests.Trainings;

/// <summary>The cancellation deadline and the attendance window, on the node's fake business clock.</summary>
[Collection(TrainingsCollection.Name)]
public sealed class SeatClockTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task AfterTheDeadlineTheAttendeeCannotCancelButTheTrainerAndCoordinatorsCan()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 3);
        var start = _node.Clock.GetUtcNow().AddDays(2);
        var id = (await cast.ScheduleAsync(start, capacity: 2, cancellationDeadline: start.AddHours(-6))).Id();
        var seats = await cast.ReserveInTurnAsync(id, 3);

        _node.Clock.SetUtcNow(start.AddHours(-6));
        var attendee = await cast.Attendees[0].SignInAgainAsync();
        var trainer = await cast.Trainer.SignInAgainAsync();
        var coordinator = await cast.Coordinator.SignInAgainAsync();
        var (refused, problem) = await attendee.PostAsync($"/api/trainings/{id}/seats/{seats[0].Id()}/cancel");
        var byTrainer = await trainer.PostOkAsync($"/api/trainings/{id}/seats/{seats[0].Id()}/cancel");
        var byCoordinator = await coordinator.PostOkAsync($"/api/trainings/{id}/seats/{seats[1].Id()}/cancel");

        refused.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString()!.ShouldContain("deadline");
        byTrainer.State().ShouldBe("cancelled");
        byCoordinator.State().ShouldBe("cancelled");
        (await trainer.GetOkAsync($"/api/trainings/{id}/seats/{seats[2].Id()}")).State().ShouldBe("confirmed");
    }

    [Fact]
    public async Task JustBeforeTheDeadlineTheAttendeeMayStillCancel()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var start = _node.Clock.GetUtcNow().AddDays(2);
        var id = (await cast.ScheduleAsync(start, capacity: 2)).Id();
        var seat = (await cast.ReserveInTurnAsync(id, 1))[0];

        _node.Clock.SetUtcNow(start.AddHours(-24).AddSeconds(-1));
        var attendee = await cast.Attendees[0].SignInAgainAsync();

        (await attendee.PostOkAsync($"/api/trainings/{id}/seats/{seat.Id()}/cancel")).State().ShouldBe("cancelled");
    }

    [Fact]
    public async Task AttendanceOpensAnHourBeforeTheStartAndCompletesTheTranscript()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 3);
        var start = _node.Clock.GetUtcNow().AddHours(5);
        var id = (await cast.ScheduleAsync(start, capacity: 2)).Id();
        var seats = await cast.ReserveInTurnAsync(id, 3);
        var attendance = (int i) => $"/api/trainings/{id}/seats/{seats[i].Id()}/attendance";

        var (early, _) = await cast.Trainer.PostAsync(attendance(0), new { attended = true });
        _node.Clock.SetUtcNow(start.AddHours(-1));
        var trainer = await cast.Trainer.SignInAgainAsync();
        var attended = await trainer.PostOkAsync(attendance(0), new { attended = true });
        var noShow = await trainer.PostOkAsync(attendance(1), new { attended = false });
        var (waitlisted, _) = await trainer.PostAsync(attendance(2), new { attended = true });
        var (byAttendee, _) = await (await cast.Attendees[0].SignInAgainAsync()).PostAsync(attendance(0), new { attended = true });

        early.ShouldBe(HttpStatusCode.Conflict);
        attended.State().ShouldBe("attended");
        attended.Version().ShouldBe(2);
        noShow.State().ShouldBe("no-show");
        waitlisted.ShouldBe(HttpStatusCode.Conflict);
        byAttendee.ShouldBe(HttpStatusCode.Forbidden);
        var training = await trainer.GetOkAsync($"/api/trainings/{id}");
        (training.Int("confirmed"), training.Int("waitlisted")).ShouldBe((2, 1), "marked seats keep their place");
        var grains = _node.Services.GetRequiredService<IGrainFactory>();
        (await grains.GetGrain<ITrainingTranscriptGrain>(cast.Attendees[0].UserId).HasCompletedAsync(id)).ShouldBeTrue();
        (await grains.GetGrain<ITrainingTranscriptGrain>(cast.Attendees[1].UserId).HasCompletedAsync(id)).ShouldBeFalse();
    }

    [Fact]
    public async Task CorrectingAnAttendanceMarkToNoShowRemovesTheCompletion()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var start = _node.Clock.GetUtcNow().AddHours(2);
        var id = (await cast.ScheduleAsync(start, capacity: 1)).Id();
        var seat = (await cast.ReserveInTurnAsync(id, 1))[0];
        var attendance = $"/api/trainings/{id}/seats/{seat.Id()}/attendance";
        _node.Clock.SetUtcNow(start.AddMinutes(30));
        var coordinator = await cast.Coordinator.SignInAgainAsync();
        var transcript = _node.Services.GetRequiredService<IGrainFactory>().GetGrain<ITrainingTranscriptGrain>(cast.Attendees[0].UserId);

        await coordinator.PostOkAsync(attendance, new { attended = true });
        var completed = await transcript.HasCompletedAsync(id);
        var corrected = await coordinator.PostOkAsync(attendance, new { attended = false });

        completed.ShouldBeTrue();
        corrected.State().ShouldBe("no-show");
        corrected.Version().ShouldBe(3);
        (await transcript.HasCompletedAsync(id)).ShouldBeFalse();
    }

    [Fact]
    public async Task AttendanceWithoutAnAnswerIsRefusedAndChangesNothing()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var start = _node.Clock.GetUtcNow().AddMinutes(30);
        var id = (await cast.ScheduleAsync(start, capacity: 1)).Id();
        var seat = (await cast.ReserveInTurnAsync(id, 1))[0];

        var (status, problem) = await cast.Trainer.PostAsync($"/api/trainings/{id}/seats/{seat.Id()}/attendance", new { });

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("attended", out _).ShouldBeTrue();
        (await cast.Trainer.GetOkAsync($"/api/trainings/{id}/seats/{seat.Id()}")).Version().ShouldBe(1);
    }

    [Fact]
    public async Task ReservationsCloseWhenTheTrainingStarts()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var start = _node.Clock.GetUtcNow().AddMinutes(20);
        var id = (await cast.ScheduleAsync(start, capacity: 5)).Id();

        _node.Clock.SetUtcNow(start);
        var (status, _) = await cast.Attendees[0].PostAsync($"/api/trainings/{id}/seats");

        status.ShouldBe(HttpStatusCode.Conflict);
    }
}
