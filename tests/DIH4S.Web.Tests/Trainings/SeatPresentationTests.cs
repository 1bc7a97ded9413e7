using DIH4S.Web.Pages.Trainings;
using DIH4S.Web.Services;
using static DIH4S.Web.Tests.Trainings.TrainingData;

namespace DIH4S.Web.Tests.Trainings;

public sealed class SeatPresentationTests
{
    [Fact]
    public void MySeatIsMyLatestSeatThatIsNotCancelled()
    {
        Seat[] seats =
        [
            Seat("s1", "usr_me", SeatStates.Cancelled, reservedMinutesAgo: 10),
            Seat("s2", "usr_me", SeatStates.Waitlisted, position: 2, reservedMinutesAgo: 30),
            Seat("s3", "usr_other", SeatStates.Confirmed, reservedMinutesAgo: 5),
            Seat("s0", "usr_me", SeatStates.Cancelled, reservedMinutesAgo: 90),
        ];

        SeatPresentation.Mine(seats, "usr_me")!.Id.ShouldBe("s2");
        SeatPresentation.Mine([Seat("s1", "usr_me", SeatStates.Cancelled)], "usr_me").ShouldBeNull();
    }

    [Fact]
    public void ANewerVersionOfMySeatReplacesItAndAnOlderOneIsIgnored()
    {
        var shown = Seat("s1", "usr_me", SeatStates.Confirmed, version: 3);

        SeatPresentation.Apply(shown, Seat("s1", "usr_me", SeatStates.Cancelled, version: 2), "usr_me")
            .ShouldBe((shown, LiveItems.Effect.Ignored));
        var newer = Seat("s1", "usr_me", SeatStates.Attended, version: 4);
        SeatPresentation.Apply(shown, newer, "usr_me").ShouldBe((newer, LiveItems.Effect.Applied));
        var jump = Seat("s1", "usr_me", SeatStates.Attended, version: 6);
        SeatPresentation.Apply(shown, jump, "usr_me").ShouldBe((jump, LiveItems.Effect.AppliedWithGap));
    }

    [Fact]
    public void AnotherPersonsSeatNeverShowsAsMine()
    {
        SeatPresentation.Apply(null, Seat("s9", "usr_other", SeatStates.Confirmed), "usr_me")
            .ShouldBe(((Seat?)null, LiveItems.Effect.Ignored));
    }

    [Fact]
    public void ANewReservationAfterACancelledSeatTakesItsPlace()
    {
        var cancelled = Seat("s1", "usr_me", SeatStates.Cancelled, version: 2, reservedMinutesAgo: 60);
        var again = Seat("s2", "usr_me", SeatStates.Waitlisted, position: 1, reservedMinutesAgo: 1);

        SeatPresentation.Apply(cancelled, again, "usr_me").ShouldBe((again, LiveItems.Effect.Added));
        SeatPresentation.Apply(again, Seat("s1", "usr_me", SeatStates.Cancelled, version: 3), "usr_me").Shown.ShouldBe(again);
    }

    [Fact]
    public void ReserveIsOfferedWithoutASeatAndCancelWhileHoldingOrAwaitingOne()
    {
        SeatPresentation.CanReserve(null).ShouldBeTrue();
        SeatPresentation.CanReserve(Seat("s1", "u", SeatStates.Cancelled)).ShouldBeTrue();
        SeatPresentation.CanReserve(Seat("s1", "u", SeatStates.Waitlisted)).ShouldBeFalse();
        SeatPresentation.CanCancel(Seat("s1", "u", SeatStates.Confirmed)).ShouldBeTrue();
        SeatPresentation.CanCancel(Seat("s1", "u", SeatStates.Waitlisted)).ShouldBeTrue();
        SeatPresentation.CanCancel(Seat("s1", "u", SeatStates.Attended)).ShouldBeFalse();
        SeatPresentation.CanCancel(null).ShouldBeFalse();
    }

    [Fact]
    public void ReservingEndsWhenTheTrainingStarts()
    {
        var training = Training(start: Now.AddHours(1));

        SeatPresentation.CanReserve(null, training, Now).ShouldBeTrue();
        SeatPresentation.CanReserve(null, training, Now.AddHours(1)).ShouldBeFalse();
    }

    [Fact]
    public void OnlyTheTrainerOfTheTrainingAndCoordinatorsRunIt()
    {
        var training = Training(trainerId: "usr_trainer");

        SeatPresentation.RunsTraining(training, new Me("usr_trainer", "t@x", "T", "org_p", [Roles.Trainer])).ShouldBeTrue();
        SeatPresentation.RunsTraining(training, new Me("usr_other", "o@x", "O", "org_p", [Roles.Trainer])).ShouldBeFalse();
        SeatPresentation.RunsTraining(training, new Me("usr_hub", "h@x", "H", "hub", [Roles.Coordinator])).ShouldBeTrue();
        SeatPresentation.RunsTraining(training, new Me("usr_ana", "a@x", "A", "org_c", [Roles.Requester])).ShouldBeFalse();
    }

    [Fact]
    public void PlacesFollowReservationOrderAndTheWaitingListItsPositions()
    {
        Seat[] seats =
        [
            Seat("w2", "u4", SeatStates.Waitlisted, position: 2, reservedMinutesAgo: 5),
            Seat("c2", "u2", SeatStates.Confirmed, reservedMinutesAgo: 20),
            Seat("w1", "u3", SeatStates.Waitlisted, position: 1, reservedMinutesAgo: 10),
            Seat("c1", "u1", SeatStates.Cancelled, reservedMinutesAgo: 30),
        ];

        SeatPresentation.Places(seats).Select(s => s.Id).ShouldBe(["c1", "c2"]);
        SeatPresentation.WaitingList(seats).Select(s => s.Id).ShouldBe(["w1", "w2"]);
    }

    [Fact]
    public void AttendanceOpensAtItsTimeAndIsMarkedOnConfirmedOrAlreadyMarkedSeats()
    {
        var training = Training(start: Now.AddHours(2));

        SeatPresentation.AttendanceOpen(training, Now.AddMinutes(59)).ShouldBeFalse();
        SeatPresentation.AttendanceOpen(training, Now.AddHours(1)).ShouldBeTrue();
        SeatPresentation.TakesAttendance(Seat("s", "u", SeatStates.NoShow)).ShouldBeTrue();
        SeatPresentation.TakesAttendance(Seat("s", "u", SeatStates.Waitlisted)).ShouldBeFalse();
    }
}
