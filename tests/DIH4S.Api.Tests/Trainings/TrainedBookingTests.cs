using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Api.Tests.Labs;

namespace DIH4S.Api.Tests.Trainings;

/// <summary>Trainings and labs together: equipment that requires a training trusts the trainer's attendance mark.</summary>
[Collection(TrainingsCollection.Name)]
public sealed class TrainedBookingTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task AttendingTheRequiredTrainingUnlocksBookingTheEquipment()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var trainer = await Cast.NewMemberAsync(_node, scene.Coordinator, scene.PartnerId, $"trainer-{Guid.NewGuid():N}@lab.test", "trainer");
        var now = _node.Clock.GetUtcNow();
        var training = await trainer.PostOkAsync("/api/trainings", new
        {
            title = "Microscope safety",
            start = now.AddHours(2),
            end = now.AddHours(4),
            capacity = 5,
        });
        var trainingId = training.GetProperty("id").GetString()!;
        var seat = await scene.Requester.PostOkAsync($"/api/trainings/{trainingId}/seats", new { });
        var equipmentId = await scene.EquipmentAsync(requiredTrainingId: trainingId);
        var slotStart = now.AddDays(2);

        var (before, problem) = await LabScene.BookAsync(scene.Requester, equipmentId, slotStart, slotStart.AddHours(1));
        _node.Clock.Advance(TimeSpan.FromHours(1.5));
        trainer = await trainer.SignInAgainAsync();
        await trainer.PostOkAsync($"/api/trainings/{trainingId}/seats/{seat.GetProperty("id").GetString()}/attendance", new { attended = true });
        var requester = await scene.Requester.SignInAgainAsync();
        var (after, booking) = await LabScene.BookAsync(requester, equipmentId, slotStart, slotStart.AddHours(1));

        before.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString()!.ShouldContain("training");
        after.ShouldBe(HttpStatusCode.Created, booking.ToString());
    }
}
