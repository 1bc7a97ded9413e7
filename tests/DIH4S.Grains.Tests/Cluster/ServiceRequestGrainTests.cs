using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Tests.Cluster;

[Collection(DeskClusterCollection.Name)]
public sealed class ServiceRequestGrainTests(DeskClusterFixture desk)
{
    [Fact]
    public async Task OnlyOneOfTwentyPartnersAcceptingAtOnceGetsTheRequest()
    {
        var partners = Enumerable.Range(0, 20).Select(_ => People.NewOrganization()).ToArray();
        var requester = People.RequesterOf(People.NewOrganization());
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, partners);

        var outcomes = await Task.WhenAll(partners.Select(p => grain.ActAsync(People.StaffOf(p), new AcceptRequest())));

        outcomes.Count(o => o.Problem is null).ShouldBe(1);
        var winnerAt = Array.FindIndex(outcomes, o => o.Problem is null);
        var winner = partners[winnerAt];
        outcomes[winnerAt].Value!.PartnerId.ShouldBe(winner);
        outcomes.Where(o => o.Problem is not null).Select(o => o.Problem!.Kind)
            .ShouldBe(Enumerable.Repeat(ProblemKind.Conflict, 19));

        var now = (await grain.GetAsync(requester)).ShouldSucceed();
        now.PartnerId.ShouldBe(winner);
        now.State.ShouldBe(RequestState.Accepted);
        now.Version.ShouldBe(2);
        (await grain.GetHistoryAsync(requester)).ShouldSucceed().Items.Count(h => h.Action == "accept").ShouldBe(1);
    }

    [Fact]
    public async Task HappyPathAddsOneVersionAndOneHistoryEntryPerAction()
    {
        var partner = People.NewOrganization();
        var requester = People.RequesterOf(People.NewOrganization());
        var staff = People.StaffOf(partner);
        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [partner, People.NewOrganization()]);

        List<(Actor Actor, RequestCommand Command)> steps =
        [
            (staff, new AcceptRequest()),
            (staff, new StartRequest()),
            (staff, new WaitOnCustomer("Which production line first?")),
            (requester, new ResumeRequest("The packaging line.")),
            (staff, new DeliverRequest("Assessment report delivered.")),
            (requester, new CloseRequest(4, "Useful and on time.")),
        ];
        var views = new List<RequestView> { submitted };
        foreach (var (actor, command) in steps)
        {
            views.Add((await grain.ActAsync(actor, command)).ShouldSucceed());
        }

        views.Select(v => v.Version).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        var closed = views[^1];
        closed.State.ShouldBe(RequestState.Closed);
        closed.Rating.ShouldBe(4);
        closed.RatingComment.ShouldBe("Useful and on time.");
        closed.PartnerId.ShouldBe(partner);
        (await grain.GetAsync(requester)).ShouldSucceed().ShouldBe(closed);

        var history = (await grain.GetHistoryAsync(requester)).ShouldSucceed().Items;
        history[0].ShouldBe(new HistoryEntry(1, submitted.CreatedAt, requester.UserId, "submitted", null, RequestState.Open, null));
        history.Select(h => h.Version).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        history.Select(h => h.Action).ShouldBe(["submitted", "accept", "start", "wait-on-customer", "resume", "deliver", "close"]);
        history.Select(h => h.ToState).ShouldBe(views.Select(v => v.State));
        history.Skip(1).Select(h => h.FromState).ShouldBe(views.SkipLast(1).Select(v => (RequestState?)v.State));
        history.Skip(1).Select(h => h.ActorId).ShouldBe(steps.Select(s => s.Actor.UserId));
        history.Select(h => h.Note).ShouldBe(
            [null, null, null, "Which production line first?", "The packaging line.", "Assessment report delivered.", "Useful and on time."]);
    }

    [Fact]
    public async Task RequestThatNoPartnerOffersEscalatesAtOnce()
    {
        var requester = People.RequesterOf(People.NewOrganization());

        var (grain, view) = await desk.Client.SubmitNewAsync(requester, []);

        view.State.ShouldBe(RequestState.Escalated);
        view.Version.ShouldBe(2);
        var history = (await grain.GetHistoryAsync(People.Coordinator())).ShouldSucceed().Items;
        history.Select(h => (h.Version, h.Action, h.FromState, h.ToState)).ShouldBe(
        [
            (1, "submitted", (RequestState?)null, RequestState.Open),
            (2, "escalated", RequestState.Open, RequestState.Escalated),
        ]);
        history[1].ActorId.ShouldBe(Actor.System.UserId);
    }

    [Fact]
    public async Task SubmittingTheSameRequestIdTwiceIsAConflict()
    {
        var requester = People.RequesterOf(People.NewOrganization());
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, [People.NewOrganization()]);

        (await grain.SubmitAsync(requester, Submissions.Offering([People.NewOrganization()]))).ShouldFailWith(ProblemKind.Conflict);
        (await grain.GetAsync(requester)).ShouldSucceed().Version.ShouldBe(1);
    }

    [Fact]
    public async Task UnknownRequestIsNotFoundEvenForCoordinators()
    {
        var grain = desk.Client.GetGrain<IServiceRequestGrain>(People.NewId("req"));

        (await grain.GetAsync(People.Coordinator())).ShouldFailWith(ProblemKind.NotFound);
        (await grain.ActAsync(People.Coordinator(), new CancelRequest("Nothing to cancel."))).ShouldFailWith(ProblemKind.NotFound);
        (await grain.GetHistoryAsync(People.Coordinator())).ShouldFailWith(ProblemKind.NotFound);
    }

    [Fact]
    public async Task InternalCommentsAreReadOnlyByTheAssignedPartnerAndCoordinators()
    {
        var customer = People.NewOrganization();
        var assigned = People.NewOrganization();
        var bystander = People.NewOrganization();
        var requester = People.RequesterOf(customer);
        var assignedStaff = People.StaffOf(assigned);
        var bystanderStaff = People.StaffOf(bystander);
        var coordinator = People.Coordinator();
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, [assigned, bystander]);
        var accepted = (await grain.ActAsync(assignedStaff, new AcceptRequest())).ShouldSucceed();

        var question = (await grain.AddCommentAsync(requester, "Can you start next week?", isInternal: false)).ShouldSucceed();
        var partnerNote = (await grain.AddCommentAsync(assignedStaff, "Needs our vision lab.", isInternal: true)).ShouldSucceed();
        var hubNote = (await grain.AddCommentAsync(coordinator, "Key account.", isInternal: true)).ShouldSucceed();

        (await grain.GetCommentsAsync(requester)).ShouldSucceed().Items.ShouldBe([question]);
        (await grain.GetCommentsAsync(bystanderStaff)).ShouldFailWith(ProblemKind.NotFound); // lost sight when another accepted
        (await grain.GetCommentsAsync(assignedStaff)).ShouldSucceed().Items.ShouldBe([question, partnerNote, hubNote]);
        (await grain.GetCommentsAsync(coordinator)).ShouldSucceed().Items.ShouldBe([question, partnerNote, hubNote]);
        partnerNote.Internal.ShouldBeTrue();
        question.Internal.ShouldBeFalse();
        (await grain.GetAsync(requester)).ShouldSucceed().Version.ShouldBe(accepted.Version);
    }

    [Fact]
    public async Task OnlyThoseWhoMayReadInternalCommentsMayWriteThem()
    {
        var customer = People.NewOrganization();
        var assigned = People.NewOrganization();
        var bystander = People.NewOrganization();
        var requester = People.RequesterOf(customer);
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, [assigned, bystander]);
        (await grain.ActAsync(People.StaffOf(assigned), new AcceptRequest())).ShouldSucceed();

        (await grain.AddCommentAsync(requester, "Secret?", isInternal: true)).ShouldFailWith(ProblemKind.Forbidden);
        (await grain.AddCommentAsync(People.StaffOf(bystander), "Secret?", isInternal: true)).ShouldFailWith(ProblemKind.NotFound);
        (await grain.AddCommentAsync(People.StaffOf(People.NewOrganization()), "Hello", isInternal: false))
            .ShouldFailWith(ProblemKind.NotFound);
        (await grain.GetCommentsAsync(People.RequesterOf(People.NewOrganization()))).ShouldFailWith(ProblemKind.NotFound);
        (await grain.GetCommentsAsync(People.Coordinator())).ShouldSucceed().Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        var partner = People.NewOrganization();
        var requester = People.RequesterOf(People.NewOrganization());
        var staff = People.StaffOf(partner);
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, [partner]);
        (await grain.ActAsync(staff, new AcceptRequest())).ShouldSucceed();
        (await grain.ActAsync(staff, new StartRequest())).ShouldSucceed();
        (await grain.ActAsync(staff, new WaitOnCustomer("Data export?"))).ShouldSucceed();
        var comment = (await grain.AddCommentAsync(staff, "Waiting for the CSV.", isInternal: true)).ShouldSucceed();
        var before = (await grain.GetAsync(requester)).ShouldSucceed();
        var historyBefore = (await grain.GetHistoryAsync(requester)).ShouldSucceed().Items;

        await desk.Cluster.DeactivateAsync(grain);
        desk.Cluster.TryGetGrainContext(grain.GetGrainId(), out _).ShouldBeFalse();

        (await grain.GetAsync(requester)).ShouldSucceed().ShouldBe(before);
        (await grain.GetHistoryAsync(requester)).ShouldSucceed().Items.ShouldBe(historyBefore);
        (await grain.GetCommentsAsync(staff)).ShouldSucceed().Items.ShouldBe([comment]);
        var resumed = (await grain.ActAsync(requester, new ResumeRequest("Sent."))).ShouldSucceed();
        resumed.Version.ShouldBe(before.Version + 1);
        resumed.Sla.ShouldNotBeNull().RemainingBusinessHours.ShouldBe(before.Sla.ShouldNotBeNull().RemainingBusinessHours);
    }
}
