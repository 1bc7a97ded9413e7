using DIH4S.Web.Services;

namespace DIH4S.Web.Tests;

public sealed class LiveItemsTests
{
    private static Seat SeatAt(string id, int version, string state = SeatStates.Confirmed) =>
        new(id, "trn_1", "usr_1", state, null, version, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void ANewerVersionReplacesTheShownItem()
    {
        List<Seat> items = [SeatAt("s1", 1)];
        LiveItems.Apply(items, SeatAt("s1", 2, SeatStates.Cancelled)).ShouldBe(LiveItems.Effect.Applied);
        items.Single().State.ShouldBe(SeatStates.Cancelled);
    }

    [Fact]
    public void AnOlderOrRepeatedVersionChangesNothing()
    {
        List<Seat> items = [SeatAt("s1", 3, SeatStates.Cancelled)];
        LiveItems.Apply(items, SeatAt("s1", 2)).ShouldBe(LiveItems.Effect.Ignored);
        LiveItems.Apply(items, SeatAt("s1", 3)).ShouldBe(LiveItems.Effect.Ignored);
        items.Single().State.ShouldBe(SeatStates.Cancelled);
    }

    [Fact]
    public void AVersionGapIsAppliedAndReported()
    {
        List<Seat> items = [SeatAt("s1", 1)];
        LiveItems.Apply(items, SeatAt("s1", 4)).ShouldBe(LiveItems.Effect.AppliedWithGap);
        items.Single().Version.ShouldBe(4);
    }

    [Fact]
    public void AnUnknownItemIsAddedFirstOnlyWhenItBelongs()
    {
        List<Seat> items = [SeatAt("s1", 1)];
        LiveItems.Apply(items, SeatAt("s2", 1, SeatStates.Waitlisted), s => s.State == SeatStates.Confirmed).ShouldBe(LiveItems.Effect.Ignored);
        LiveItems.Apply(items, SeatAt("s3", 1), s => s.State == SeatStates.Confirmed).ShouldBe(LiveItems.Effect.Added);
        items.Select(s => s.Id).ShouldBe(["s3", "s1"]);
    }

    [Fact]
    public void AnItemThatNoLongerBelongsLeavesTheList()
    {
        List<Seat> items = [SeatAt("s1", 1)];
        LiveItems.Apply(items, SeatAt("s1", 2, SeatStates.Cancelled), s => s.State == SeatStates.Confirmed);
        items.ShouldBeEmpty();
    }
}
