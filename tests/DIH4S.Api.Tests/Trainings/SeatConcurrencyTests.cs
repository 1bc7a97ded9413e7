using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Trainings;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests.Trainings;

/// <summary>
/// Many people at once. The reservations go straight to the host's grains with distinct actors (the
/// API turns each token into exactly such an actor): 300 accounts over HTTP would cost 600 password
/// hashes, about a minute on the CI machine, and test the identity code rather than the allocation.
/// The grains run in the real silo on the real SQLite file, as in production.
/// </summary>
[Collection(TrainingsCollection.Name)]
public sealed class SeatConcurrencyTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;
    private readonly IGrainFactory _grains = fixture.Node.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task ThreeHundredSimultaneousReservationsForThirtySeatsConfirmThirtyAndQueueTheRestInOrder()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 0);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(10), capacity: 30)).Id();
        var training = _grains.GetGrain<ITrainingGrain>(id);
        var people = People(300);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = people.Select(async person =>
        {
            await go.Task;
            return await training.ReserveAsync(person);
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(attempts);

        results.ShouldAllBe(r => r.Problem == null);
        var granted = results.Select(r => r.Value!).ToList();
        granted.Count(s => s.State == SeatState.Confirmed).ShouldBe(30);
        granted.Where(s => s.State == SeatState.Waitlisted).Select(s => s.WaitlistPosition!.Value).Order()
            .ShouldBe(Enumerable.Range(1, 270));
        var stored = await AllSeatsAsync(cast, id);
        stored.Count.ShouldBe(300);
        AssertInvariants(stored, capacity: 30);
        stored.Where(s => s.State == SeatState.Waitlisted).Select(s => s.WaitlistPosition).ShouldBe(
            Enumerable.Range(1, 270).Select(i => (int?)i), "positions follow the order in which the reservations were granted");
        stored.ShouldBe<IEnumerable<SeatView>>(
            granted.OrderBy(s => stored.FindIndex(x => x.Id == s.Id)), "nobody moved: each answer is the stored seat");
        var view = await cast.Trainer.GetOkAsync($"/api/trainings/{id}");
        (view.Int("confirmed"), view.Int("waitlisted"), view.Version()).ShouldBe((30, 270, 301));
        await AssertSeatGrainsAgreeAsync(stored);
    }

    [Fact]
    public async Task CancellationsInterleavedWithReservationsNeverBreakTheInvariants()
    {
        const int capacity = 8;
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 0);
        var id = (await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(10), capacity)).Id();
        var training = _grains.GetGrain<ITrainingGrain>(id);
        var people = People(90);
        var leavers = people.Where((_, i) => i % 3 == 0).Select(p => p.UserId).ToHashSet();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var snapshots = 0;

        var attempts = people.Select(async person =>
        {
            await go.Task;
            var seat = await training.ReserveAsync(person);
            if (leavers.Contains(person.UserId))
            {
                (await training.CancelSeatAsync(person, seat.Value!.Id)).Problem.ShouldBeNull();
            }
        }).ToList();
        go.SetResult();
        var all = Task.WhenAll(attempts);
        while (!all.IsCompleted)
        {
            // Each read runs between two operations of the training: every intermediate state must hold.
            var snapshot = await training.GetSeatsAsync(Actor.System);
            AssertInvariants([.. snapshot.Value!], capacity);
            snapshots++;
        }

        await all;
        var stored = await AllSeatsAsync(cast, id);
        AssertInvariants(stored, capacity);
        stored.Count(s => s.State == SeatState.Cancelled).ShouldBe(30);
        stored.Where(s => s.State == SeatState.Cancelled).Select(s => s.UserId).ShouldBe(leavers, ignoreOrder: true);
        stored.Count(s => s.State == SeatState.Confirmed).ShouldBe(capacity);
        stored.Count(s => s.State == SeatState.Waitlisted).ShouldBe(60 - capacity);
        var view = await cast.Trainer.GetOkAsync($"/api/trainings/{id}");
        (view.Int("confirmed"), view.Int("waitlisted")).ShouldBe((capacity, 60 - capacity));
        snapshots.ShouldBeGreaterThan(0);
        await AssertSeatGrainsAgreeAsync(stored);
    }

    /// <summary>Never more confirmed than places, never a free place while someone waits, positions 1..n in reservation order.</summary>
    private static void AssertInvariants(List<SeatView> seats, int capacity)
    {
        var holding = seats.Count(s => s.State is SeatState.Confirmed or SeatState.Attended or SeatState.NoShow);
        var waiting = seats.Where(s => s.State == SeatState.Waitlisted).ToList();
        holding.ShouldBeLessThanOrEqualTo(capacity);
        if (waiting.Count > 0)
        {
            holding.ShouldBe(capacity, "a place was free while someone waited");
        }

        waiting.Select(s => s.WaitlistPosition).ShouldBe(Enumerable.Range(1, waiting.Count).Select(i => (int?)i));
        seats.Where(s => s.State != SeatState.Waitlisted).ShouldAllBe(s => s.WaitlistPosition == null);
        seats.Select(s => s.UserId).Where((_, i) => seats[i].State != SeatState.Cancelled).ShouldBeUnique();
    }

    /// <summary>Every seat's own grain holds exactly what the training decided.</summary>
    private async Task AssertSeatGrainsAgreeAsync(List<SeatView> stored)
    {
        var copies = await Task.WhenAll(stored.Select(s => _grains.GetGrain<ISeatGrain>(s.Id).GetAsync(Actor.System)));
        copies.Select(c => c.Value).ShouldBe(stored);
    }

    /// <summary>Every seat of the training through the trainer's paged list, in reservation order.</summary>
    private static async Task<List<SeatView>> AllSeatsAsync(TrainingCast cast, string trainingId)
    {
        var seats = new List<SeatView>();
        for (var page = 1; ; page++)
        {
            var json = await cast.Trainer.GetOkAsync($"/api/trainings/{trainingId}/seats?page={page}&pageSize=100");
            seats.AddRange(json.Items().Select(s => s.Deserialize<SeatView>(DeskClient.Json)!));
            if (seats.Count >= json.Int("total"))
            {
                return seats;
            }
        }
    }

    private static List<Actor> People(int count)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return [.. Enumerable.Range(0, count)
            .Select(i => new Actor($"usr_load{tag}{i:000}", $"org_load{tag}", OrganizationKind.Sme, [DeskRoles.Requester]))];
    }
}
