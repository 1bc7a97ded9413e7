using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Trainings;

namespace DIH4S.Api.Tests.Trainings;

[Collection(TrainingsCollection.Name)]
public sealed class SeatReservationTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task SeatsAreConfirmedWhilePlacesRemainThenWaitlistedInOrder()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 4);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 2)).Id();

        var seats = await cast.ReserveInTurnAsync(id, 4);

        seats.Select(s => s.State()).ShouldBe(["confirmed", "confirmed", "waitlisted", "waitlisted"]);
        seats.Select(s => s.Position()).ShouldBe([null, null, 1, 2]);
        seats.ShouldAllBe(s => s.Version() == 1 && s.GetProperty("trainingId").GetString() == id);
        seats.Select(s => s.GetProperty("userId").GetString()).ShouldBe(cast.Attendees.Select(a => a.UserId));
        seats[0].Id().ShouldStartWith("seat_");
        var training = await cast.Attendees[0].GetOkAsync($"/api/trainings/{id}");
        training.Int("confirmed").ShouldBe(2);
        training.Int("waitlisted").ShouldBe(2);
        training.Version().ShouldBe(5, "each reservation changed the counts");
    }

    [Fact]
    public async Task ASecondReservationByTheSamePersonIsAConflictNamingTheSeatTheyHold()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var attendee = cast.Attendees[0];
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 5)).Id();
        var first = await attendee.PostOkAsync($"/api/trainings/{id}/seats");

        var (status, problem) = await attendee.PostAsync($"/api/trainings/{id}/seats");

        status.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString()!.ShouldContain(first.Id());
        (await attendee.GetOkAsync($"/api/trainings/{id}/seats")).Int("total").ShouldBe(1);
        (await attendee.GetOkAsync($"/api/trainings/{id}")).Int("confirmed").ShouldBe(1);
    }

    [Fact]
    public async Task AfterCancellingAPersonMayReserveAgainAtTheEndOfTheLine()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 2);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 1)).Id();
        var seats = await cast.ReserveInTurnAsync(id, 2);
        await cast.Attendees[0].PostOkAsync($"/api/trainings/{id}/seats/{seats[0].Id()}/cancel");

        var again = await cast.Attendees[0].PostOkAsync($"/api/trainings/{id}/seats");

        again.Id().ShouldNotBe(seats[0].Id());
        again.State().ShouldBe("waitlisted");
        again.Position().ShouldBe(1);
    }

    [Fact]
    public async Task ReservingAcceptsAnEmptyBodyOrAnEmptyObjectWithOrWithoutAContentType()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 3);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 5)).Id();
        using var json = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var untyped = new ByteArrayContent("{}"u8.ToArray());
        untyped.Headers.ContentType = null;

        using var empty = await cast.Attendees[0].Http.PostAsync($"/api/trainings/{id}/seats", null);
        using var withJson = await cast.Attendees[1].Http.PostAsync($"/api/trainings/{id}/seats", json);
        using var withoutType = await cast.Attendees[2].Http.PostAsync($"/api/trainings/{id}/seats", untyped);

        empty.StatusCode.ShouldBe(HttpStatusCode.Created);
        withJson.StatusCode.ShouldBe(HttpStatusCode.Created);
        withoutType.StatusCode.ShouldBe(HttpStatusCode.Created);
        empty.Headers.Location!.ToString().ShouldStartWith($"/api/trainings/{id}/seats/seat_");
    }

    [Fact]
    public async Task CancellingAConfirmedSeatPromotesTheFirstInLineWhoseConnectionLearnsItAtOnce()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 3);
        var (leaver, first, second) = (cast.Attendees[0], cast.Attendees[1], cast.Attendees[2]);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 1)).Id();
        var seats = await cast.ReserveInTurnAsync(id, 3);
        await using var firstLive = await first.ConnectAsync();
        await using var secondLive = await second.ConnectAsync();
        await using var leaverLive = await leaver.ConnectAsync();

        var cancelled = await leaver.PostOkAsync($"/api/trainings/{id}/seats/{seats[0].Id()}/cancel", new { });

        cancelled.State().ShouldBe("cancelled");
        cancelled.Version().ShouldBe(2);
        var promoted = await firstLive.WaitForAsync<SeatView>("SeatChanged", s => s.Id == seats[1].Id() && s.Version == 2);
        promoted.State.ShouldBe(SeatState.Confirmed);
        promoted.WaitlistPosition.ShouldBeNull();
        var movedUp = await secondLive.WaitForAsync<SeatView>("SeatChanged", s => s.Id == seats[2].Id() && s.Version == 2);
        movedUp.WaitlistPosition.ShouldBe(1);
        (await leaverLive.WaitForAsync<SeatView>("SeatChanged", s => s.Id == seats[0].Id())).State.ShouldBe(SeatState.Cancelled);
        var counts = await firstLive.WaitForAsync<TrainingView>("TrainingChanged", t => t.Id == id && t.Version == 5);
        (counts.Confirmed, counts.Waitlisted).ShouldBe((1, 1));
        (await first.GetOkAsync($"/api/trainings/{id}/seats/{seats[1].Id()}")).State().ShouldBe("confirmed");
    }

    [Fact]
    public async Task NobodyReceivesSomeoneElsesSeat()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 2);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 2)).Id();
        await using var otherLive = await cast.Attendees[1].ConnectAsync();
        await using var trainerLive = await cast.Trainer.ConnectAsync();

        var mine = await cast.Attendees[0].PostOkAsync($"/api/trainings/{id}/seats");
        var theirs = await cast.Attendees[1].PostOkAsync($"/api/trainings/{id}/seats");

        await trainerLive.WaitForAsync<SeatView>("SeatChanged", s => s.Id == mine.Id());
        // Seats publish through one registry in order: once their own arrives, mine would have too.
        await otherLive.WaitForAsync<SeatView>("SeatChanged", s => s.Id == theirs.Id());
        otherLive.All<SeatView>("SeatChanged").ShouldAllBe(s => s.UserId == cast.Attendees[1].UserId);
    }

    [Fact]
    public async Task CancellingAWaitlistedSeatClosesTheGapAndLeavesTheOthersUntouched()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 4);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 1)).Id();
        var seats = await cast.ReserveInTurnAsync(id, 4);

        await cast.Attendees[2].PostOkAsync($"/api/trainings/{id}/seats/{seats[2].Id()}/cancel");

        var all = (await cast.Trainer.GetOkAsync($"/api/trainings/{id}/seats")).Items().ToList();
        all.Select(s => (s.State(), s.Position(), s.Version())).ShouldBe(
        [
            ("confirmed", (int?)null, 1),
            ("waitlisted", 1, 1),
            ("cancelled", null, 2),
            ("waitlisted", 2, 2),
        ]);
        var training = await cast.Trainer.GetOkAsync($"/api/trainings/{id}");
        (training.Int("confirmed"), training.Int("waitlisted")).ShouldBe((1, 2));
    }

    [Fact]
    public async Task TheSeatListNamesEachHolderForTheTrainer()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 2);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 1)).Id();
        await cast.ReserveInTurnAsync(id, 2);

        var seats = (await cast.Trainer.GetOkAsync($"/api/trainings/{id}/seats")).Items().ToList();

        seats.Select(s => s.GetProperty("holderName").GetString())
            .ShouldBe(cast.Attendees.Take(2).Select(a => a.Email.Split('@')[0]));
    }

    [Fact]
    public async Task SeatsAreVisibleToTheirHolderTheTrainerAndCoordinatorsOnly()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 2);
        var other = await TrainingCast.SetUpAsync(_node, attendees: 0);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 5)).Id();
        var otherTrainingId = (await other.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 5)).Id();
        var seats = await cast.ReserveInTurnAsync(id, 2);
        var seat = $"/api/trainings/{id}/seats/{seats[0].Id()}";

        (await cast.Trainer.GetOkAsync($"/api/trainings/{id}/seats")).Int("total").ShouldBe(2);
        (await cast.Coordinator.GetOkAsync($"/api/trainings/{id}/seats")).Int("total").ShouldBe(2);
        (await other.Trainer.GetOkAsync($"/api/trainings/{id}/seats")).Int("total").ShouldBe(0);
        var own = await cast.Attendees[1].GetOkAsync($"/api/trainings/{id}/seats");
        own.Items().Select(s => s.Id()).ShouldBe([seats[1].Id()]);

        (await cast.Attendees[0].GetAsync(seat)).Status.ShouldBe(HttpStatusCode.OK);
        (await cast.Trainer.GetAsync(seat)).Status.ShouldBe(HttpStatusCode.OK);
        (await cast.Coordinator.GetAsync(seat)).Status.ShouldBe(HttpStatusCode.OK);
        (await cast.Attendees[1].GetAsync(seat)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Trainer.GetAsync(seat)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Attendees[0].GetAsync($"/api/trainings/{otherTrainingId}/seats/{seats[0].Id()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Attendees[1].PostAsync($"{seat}/cancel")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Attendees[0].GetOkAsync(seat)).Version().ShouldBe(1);
    }

    [Fact]
    public async Task TheSeatListPagesAndFiltersByState()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 3);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(4), capacity: 1)).Id();
        var seats = await cast.ReserveInTurnAsync(id, 3);

        var waiting = await cast.Trainer.GetOkAsync($"/api/trainings/{id}/seats?state=waitlisted&page=2&pageSize=1");
        var (badState, _) = await cast.Trainer.GetAsync($"/api/trainings/{id}/seats?state=lost");
        var (badPage, _) = await cast.Trainer.GetAsync($"/api/trainings/{id}/seats?pageSize=101");

        waiting.Int("total").ShouldBe(2);
        waiting.Items().Select(s => s.Id()).ShouldBe([seats[2].Id()]);
        badState.ShouldBe(HttpStatusCode.BadRequest);
        badPage.ShouldBe(HttpStatusCode.BadRequest);
    }
}
