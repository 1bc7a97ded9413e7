using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests.Trainings;

/// <summary>Stops the host and starts a new one on the same SQLite file: seats, positions and counts are kept.</summary>
public sealed class TrainingRestartTests : OwnNodeTests
{
    [Fact]
    public async Task SeatsPositionsAndCountsSurviveARestartAndTheWaitingListStillMoves()
    {
        string id, trainerEmail;
        string[] emails;
        List<string> seatIds;
        await using (var before = new DeskFactory(DatabasePath, Clock))
        {
            var cast = await TrainingCast.SetUpAsync(before, attendees: 4);
            (trainerEmail, emails) = (cast.Trainer.Email, [.. cast.Attendees.Select(a => a.Email)]);
            id = (await cast.ScheduleAsync(Clock.GetUtcNow().AddDays(3), capacity: 1)).Id();
            seatIds = [.. (await cast.ReserveInTurnAsync(id, 4)).Select(s => s.Id())];
            await cast.Attendees[1].PostOkAsync($"/api/trainings/{id}/seats/{seatIds[1]}/cancel");
        }

        await using var after = new DeskFactory(DatabasePath, Clock);
        var trainer = await DeskClient.LoginAsync(after, trainerEmail, Cast.Password);
        var holder = await DeskClient.LoginAsync(after, emails[0], Cast.Password);
        var next = await DeskClient.LoginAsync(after, emails[2], Cast.Password);

        var training = await trainer.GetOkAsync($"/api/trainings/{id}");
        (training.Int("confirmed"), training.Int("waitlisted"), training.Version()).ShouldBe((1, 2, 6));
        (await trainer.GetOkAsync("/api/trainings")).Items().Select(t => t.Id()).ShouldContain(id);
        var seats = (await trainer.GetOkAsync($"/api/trainings/{id}/seats")).Items().ToList();
        seats.Select(s => (s.Id(), s.State(), s.Position(), s.Version())).ShouldBe(
        [
            (seatIds[0], "confirmed", (int?)null, 1),
            (seatIds[1], "cancelled", null, 2),
            (seatIds[2], "waitlisted", 1, 2),
            (seatIds[3], "waitlisted", 2, 2),
        ]);
        (await next.GetOkAsync($"/api/trainings/{id}/seats/{seatIds[2]}")).Position().ShouldBe(1);
        (await holder.PostAsync($"/api/trainings/{id}/seats")).Status.ShouldBe(System.Net.HttpStatusCode.Conflict);

        await using var live = await next.ConnectAsync();
        await holder.PostOkAsync($"/api/trainings/{id}/seats/{seatIds[0]}/cancel");

        var promoted = await live.WaitForAsync<Contracts.Trainings.SeatView>("SeatChanged", s => s.Id == seatIds[2] && s.Version == 3);
        promoted.State.ShouldBe(Contracts.Trainings.SeatState.Confirmed);
        (await next.GetOkAsync($"/api/trainings/{id}/seats/{seatIds[2]}")).State().ShouldBe("confirmed");
        (await trainer.GetOkAsync($"/api/trainings/{id}/seats/{seatIds[3]}")).Position().ShouldBe(1);
    }
}
