using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Trainings;
using DIH4S.Grains.Trainings;

namespace DIH4S.Grains.Tests.Trainings;

public sealed class TrainingRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Trainer = new("usr_trainer", "org_partner", OrganizationKind.Partner, [DeskRoles.Trainer]);
    private static readonly Actor OtherTrainer = new("usr_other", "org_partner", OrganizationKind.Partner, [DeskRoles.Trainer]);
    private static readonly Actor Coordinator = new("usr_coordinator", "hub", OrganizationKind.Hub, [DeskRoles.Coordinator]);
    private static readonly Actor Attendee = new("usr_0", "org_sme", OrganizationKind.Sme, [DeskRoles.Requester]);
    private static readonly Actor Stranger = new("usr_stranger", "org_sme", OrganizationKind.Sme, [DeskRoles.Requester]);

    [Fact]
    public void AnAttendeeMayCancelUntilTheDeadlineButNotAtIt()
    {
        var training = Training(capacity: 1, people: 1);

        TrainingRules.DecideCancel(training, Attendee, "seat_0", training.CancellationDeadline.AddTicks(-1)).Problem.ShouldBeNull();
        var late = TrainingRules.DecideCancel(training, Attendee, "seat_0", training.CancellationDeadline).Problem;

        late.ShouldNotBeNull().Kind.ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void SomeoneOnTheWaitingListMayLeaveItAfterTheDeadline()
    {
        var training = Training(capacity: 1, people: 2);
        var waiting = new Actor("usr_1", "org_sme", OrganizationKind.Sme, [DeskRoles.Requester]);

        TrainingRules.DecideCancel(training, waiting, "seat_1", training.CancellationDeadline.AddHours(1)).Problem.ShouldBeNull();
        Kind(TrainingRules.DecideCancel(training, Attendee, "seat_0", training.CancellationDeadline.AddHours(1))).ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void TheTrainerAndCoordinatorsMayCancelAfterTheDeadline()
    {
        var training = Training(capacity: 1, people: 1);
        var afterStart = Start.AddHours(1);

        TrainingRules.DecideCancel(training, Trainer, "seat_0", afterStart).Problem.ShouldBeNull();
        TrainingRules.DecideCancel(training, Coordinator, "seat_0", afterStart).Problem.ShouldBeNull();
    }

    [Fact]
    public void SomeoneElsesSeatIsNotFoundForAnotherAttendeeOrAnotherTrainer()
    {
        var training = Training(capacity: 1, people: 1);

        Kind(TrainingRules.DecideCancel(training, Stranger, "seat_0", Start.AddDays(-3))).ShouldBe(ProblemKind.NotFound);
        Kind(TrainingRules.DecideCancel(training, OtherTrainer, "seat_0", Start.AddDays(-3))).ShouldBe(ProblemKind.NotFound);
        Kind(TrainingRules.DecideCancel(training, Attendee, "seat_unknown", Start.AddDays(-3))).ShouldBe(ProblemKind.NotFound);
    }

    [Fact]
    public void ACancelledOrMarkedSeatCannotBeCancelled()
    {
        var training = Training(capacity: 2, people: 2);
        training.Seats = [.. SeatAllocation.Cancel(2, training.Seats, "seat_0", Start.AddDays(-3)).Seats];
        training.Seats = [.. SeatAllocation.MarkAttendance(2, training.Seats, "seat_1", true, Start).Seats];

        Kind(TrainingRules.DecideCancel(training, Coordinator, "seat_0", Start)).ShouldBe(ProblemKind.Conflict);
        Kind(TrainingRules.DecideCancel(training, Coordinator, "seat_1", Start)).ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void APersonHoldsOneSeatPerTrainingAndMayReserveAgainAfterCancelling()
    {
        var training = Training(capacity: 1, people: 2);
        var now = Start.AddDays(-3);

        var second = TrainingRules.ReserveProblem(training, Attendee, now);
        training.Seats = [.. SeatAllocation.Cancel(1, training.Seats, "seat_0", now).Seats];
        var afterCancelling = TrainingRules.ReserveProblem(training, Attendee, now);

        second.ShouldNotBeNull().Kind.ShouldBe(ProblemKind.Conflict);
        second.Title.ShouldContain("seat_0");
        afterCancelling.ShouldBeNull();
    }

    [Fact]
    public void ReservationsCloseAtTheStart()
    {
        var training = Training(capacity: 5, people: 0);

        TrainingRules.ReserveProblem(training, Attendee, Start.AddTicks(-1)).ShouldBeNull();
        TrainingRules.ReserveProblem(training, Attendee, Start).ShouldNotBeNull().Kind.ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void AttendanceOpensOneHourBeforeTheStart()
    {
        var training = Training(capacity: 1, people: 1);

        Kind(TrainingRules.DecideAttendance(training, Trainer, "seat_0", Start.AddHours(-1).AddTicks(-1))).ShouldBe(ProblemKind.Conflict);
        TrainingRules.DecideAttendance(training, Trainer, "seat_0", Start.AddHours(-1)).Problem.ShouldBeNull();
        TrainingRules.DecideAttendance(training, Coordinator, "seat_0", Start.AddDays(2)).Problem.ShouldBeNull();
    }

    [Fact]
    public void OnlyTheTrainerOfTheTrainingOrACoordinatorMarksAttendance()
    {
        var training = Training(capacity: 2, people: 1);
        var trainerAsAttendee = SeatAllocation.Reserve(2, training.Seats, "seat_t", OtherTrainer.UserId, Start.AddDays(-3));
        training.Seats = [.. trainerAsAttendee.Seats];

        Kind(TrainingRules.DecideAttendance(training, Attendee, "seat_0", Start)).ShouldBe(ProblemKind.Forbidden);
        Kind(TrainingRules.DecideAttendance(training, OtherTrainer, "seat_0", Start)).ShouldBe(ProblemKind.NotFound);
        Kind(TrainingRules.DecideAttendance(training, OtherTrainer, "seat_t", Start)).ShouldBe(ProblemKind.Forbidden);
    }

    [Fact]
    public void AttendanceIsOnlyForSeatsThatHoldAPlace()
    {
        var training = Training(capacity: 1, people: 2);

        Kind(TrainingRules.DecideAttendance(training, Trainer, "seat_1", Start)).ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void ADraftOutOfOrderOrOutOfRangeIsInvalidFieldByField()
    {
        var now = Start.AddDays(-1);
        var draft = new TrainingDraft(" ", null, Start, Start.AddHours(-1), 0, null, Start.AddMinutes(1), null, null);

        var errors = TrainingRules.DraftErrors(draft, now).Select(e => e.Field);
        var tooBig = TrainingRules.DraftErrors(draft with { Capacity = TrainingRules.MaxCapacity + 1 }, now).Select(e => e.Field);
        var past = TrainingRules.DraftErrors(draft with { Start = now, End = now.AddHours(1) }, now).Select(e => e.Field);

        errors.ShouldBe(["title", "end", "capacity", "cancellationDeadline"], ignoreOrder: true);
        tooBig.ShouldContain("capacity");
        past.ShouldContain("start");
        TrainingRules.DraftErrors(new TrainingDraft("Intro", null, Start, Start.AddHours(2), TrainingRules.MaxCapacity, null, Start, null, null), now)
            .ShouldBeEmpty();
    }

    [Fact]
    public void WithoutAnExplicitDeadlineAttendeesMayCancelUntilTheDefaultNoticeBeforeTheStart()
    {
        var draft = new TrainingDraft("Intro", null, Start, Start.AddHours(2), 10, null, null, null, null);

        TrainingRules.CancellationDeadline(draft, TimeSpan.FromHours(24)).ShouldBe(Start.AddHours(-24));
        TrainingRules.CancellationDeadline(draft with { CancellationDeadline = Start.AddHours(-2) }, TimeSpan.FromHours(24))
            .ShouldBe(Start.AddHours(-2));
    }

    private static ProblemKind? Kind(Outcome<SeatRecord> outcome) => outcome.Problem?.Kind;

    /// <summary>A training of the trainer starting at <see cref="Start"/>, whose seats usr_0.. reserved in order.</summary>
    private static TrainingState Training(int capacity, int people)
    {
        var training = new TrainingState
        {
            Exists = true,
            Title = "Intro",
            Start = Start,
            End = Start.AddHours(2),
            Capacity = capacity,
            CancellationDeadline = Start.AddHours(-24),
            AttendanceOpensAt = Start.AddHours(-1),
            TrainerId = Trainer.UserId,
            PartnerId = Trainer.OrganizationId,
        };
        for (var i = 0; i < people; i++)
        {
            training.Seats = [.. SeatAllocation.Reserve(capacity, training.Seats, $"seat_{i}", $"usr_{i}", Start.AddDays(-5)).Seats];
        }

        return training;
    }
}
