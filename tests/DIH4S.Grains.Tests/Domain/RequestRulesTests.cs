using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Requests;

namespace DIH4S.Grains.Tests.Domain;

public sealed class RequestRulesTests
{
    private const string Customer = "org_customer";
    private const string OtherCustomer = "org_other_customer";
    private const string Assigned = "org_partner_assigned";
    private const string Offered = "org_partner_offered";
    private const string NotOffered = "org_partner_not_offered";

    private static readonly Actor Requester = new("usr_requester", Customer, OrganizationKind.Sme, [DeskRoles.Requester]);
    private static readonly Actor OtherRequester = new("usr_other", OtherCustomer, OrganizationKind.PublicBody, [DeskRoles.Requester]);
    private static readonly Actor AssignedStaff = new("usr_assigned", Assigned, OrganizationKind.Partner, [DeskRoles.PartnerStaff]);
    private static readonly Actor OfferedStaff = new("usr_offered", Offered, OrganizationKind.Partner, [DeskRoles.PartnerStaff]);
    private static readonly Actor NotOfferedStaff = new("usr_not_offered", NotOffered, OrganizationKind.Partner, [DeskRoles.PartnerStaff]);
    private static readonly Actor Coordinator = new("usr_coordinator", "org_hub", OrganizationKind.Hub, [DeskRoles.Coordinator]);

    /// <summary>
    /// The lifecycle as a table: each action, who performs it, the states it may start from and the state it leads to.
    /// Partner actions are performed by the assigned partner, except accept and decline (another offered partner).
    /// </summary>
    private static readonly Dictionary<string, (Actor By, RequestState[] From, RequestState To)> Lifecycle = new()
    {
        ["accept"] = (OfferedStaff, [RequestState.Open], RequestState.Accepted),
        ["decline"] = (OfferedStaff, [RequestState.Open], RequestState.Open),
        ["assign"] = (Coordinator, [RequestState.Open, RequestState.Escalated], RequestState.Accepted),
        ["start"] = (AssignedStaff, [RequestState.Accepted], RequestState.InProgress),
        ["wait-on-customer"] = (AssignedStaff, [RequestState.InProgress], RequestState.WaitingOnCustomer),
        ["resume"] = (AssignedStaff, [RequestState.WaitingOnCustomer], RequestState.InProgress),
        ["deliver"] = (AssignedStaff, [RequestState.InProgress], RequestState.Delivered),
        ["reopen"] = (Requester, [RequestState.Delivered], RequestState.InProgress),
        ["close"] = (Requester, [RequestState.Delivered], RequestState.Closed),
        ["cancel"] = (Requester,
            [RequestState.Open, RequestState.Accepted, RequestState.InProgress, RequestState.WaitingOnCustomer, RequestState.Escalated],
            RequestState.Cancelled),
    };

    public static TheoryData<string, RequestState> EveryActionInEveryState()
    {
        var data = new TheoryData<string, RequestState>();
        foreach (var action in Lifecycle.Keys)
        {
            foreach (var state in Enum.GetValues<RequestState>())
            {
                data.Add(action, state);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActionInEveryState))]
    public void ActionIsAllowedFromItsSourceStatesAndAConflictFromAnyOther(string action, RequestState state)
    {
        var (by, from, to) = Lifecycle[action];
        var request = Request(state, partnerId: state is RequestState.Open or RequestState.Escalated ? null : Assigned);

        var outcome = RequestRules.Decide(request, by, Command(action));

        if (from.Contains(state))
        {
            outcome.ShouldSucceed().To.ShouldBe(to);
        }
        else
        {
            outcome.ShouldFailWith(ProblemKind.Conflict);
        }
    }

    [Theory]
    [InlineData("requester", "accept")]
    [InlineData("requester", "decline")]
    [InlineData("requester", "assign")]
    [InlineData("requester", "start")]
    [InlineData("requester", "wait-on-customer")]
    [InlineData("requester", "deliver")]
    [InlineData("partner", "assign")]
    [InlineData("partner", "reopen")]
    [InlineData("partner", "close")]
    [InlineData("partner", "cancel")]
    [InlineData("coordinator", "accept")]
    [InlineData("lab-manager", "accept")]
    public void RolesThatNeverPerformAnActionAreForbiddenIt(string who, string action)
    {
        var actor = who switch
        {
            "requester" => Requester,
            "partner" => AssignedStaff,
            "coordinator" => Coordinator,
            _ => new Actor("usr_lab", Assigned, OrganizationKind.Partner, [DeskRoles.LabManager, DeskRoles.Trainer]),
        };
        var state = Lifecycle[action].From[0];
        var request = Request(state, partnerId: state is RequestState.Open or RequestState.Escalated ? null : Assigned);

        RequestRules.Decide(request, actor, Command(action)).ShouldFailWith(ProblemKind.Forbidden);
    }

    [Fact]
    public void VisibilityIsCheckedBeforeTheRole()
    {
        // Nothing tells an unseen request exists, not even a refusal by role (issue 9).
        RequestRules.Decide(Request(RequestState.Open), OtherRequester, new AcceptRequest()).ShouldFailWith(ProblemKind.NotFound);
        RequestRules.Decide(Request(RequestState.Open), Requester, new AcceptRequest()).ShouldFailWith(ProblemKind.Forbidden);
    }

    [Fact]
    public void APartnerThatLostTheRequestNoLongerSeesItButStillHearsWhyItCannotTakeIt()
    {
        var request = Request(RequestState.Accepted, partnerId: Assigned);

        RequestRules.CanSee(request, OfferedStaff).ShouldBeFalse();
        RequestRules.Decide(request, OfferedStaff, new AcceptRequest()).ShouldFailWith(ProblemKind.Conflict);
        RequestRules.Decide(request, OfferedStaff, new DeclineRequest("Late.")).ShouldFailWith(ProblemKind.Conflict);
        RequestRules.Decide(request, OfferedStaff, new StartRequest()).ShouldFailWith(ProblemKind.NotFound);
    }

    [Fact]
    public void ACancelledOfferIsSeenOnlyByItsCustomer()
    {
        var request = Request(RequestState.Cancelled);

        RequestRules.CanSee(request, OfferedStaff).ShouldBeFalse();
        RequestRules.CanSee(request, Requester).ShouldBeTrue();
        RequestRules.Decide(request, OfferedStaff, new AcceptRequest()).ShouldFailWith(ProblemKind.Conflict);
    }

    [Fact]
    public void AnotherCustomersRequestIsNotFound()
    {
        var request = Request(RequestState.Delivered, partnerId: Assigned);

        RequestRules.CanSee(request, OtherRequester).ShouldBeFalse();
        RequestRules.Decide(request, OtherRequester, new CloseRequest(5, null)).ShouldFailWith(ProblemKind.NotFound);
        RequestRules.Decide(request, OtherRequester, new CancelRequest("Not mine.")).ShouldFailWith(ProblemKind.NotFound);
    }

    [Fact]
    public void RequestNotOfferedToAPartnerIsNotFoundForIt()
    {
        var request = Request(RequestState.Open);

        RequestRules.CanSee(request, NotOfferedStaff).ShouldBeFalse();
        RequestRules.Decide(request, NotOfferedStaff, new AcceptRequest()).ShouldFailWith(ProblemKind.NotFound);
        RequestRules.Decide(request, NotOfferedStaff, new DeclineRequest("Never saw it.")).ShouldFailWith(ProblemKind.NotFound);
    }

    [Fact]
    public void PartnerThatDeclinedNoLongerFindsTheRequest()
    {
        var request = Request(RequestState.Open);
        request.DeclinedPartnerIds.Add(Offered);

        RequestRules.CanSee(request, OfferedStaff).ShouldBeFalse();
        RequestRules.Decide(request, OfferedStaff, new AcceptRequest()).ShouldFailWith(ProblemKind.NotFound);
        RequestRules.Decide(request, OfferedStaff, new DeclineRequest("Again.")).ShouldFailWith(ProblemKind.NotFound);
    }

    [Fact]
    public void WhoMaySeeARequest()
    {
        var request = Request(RequestState.InProgress, partnerId: Assigned);

        RequestRules.CanSee(request, Requester).ShouldBeTrue();
        RequestRules.CanSee(request, AssignedStaff).ShouldBeTrue();
        RequestRules.CanSee(request, OfferedStaff).ShouldBeFalse(); // once another partner has it (issue 9)
        RequestRules.CanSee(request, Coordinator).ShouldBeTrue();
        RequestRules.CanSee(request, OtherRequester).ShouldBeFalse();
        RequestRules.CanSee(request, NotOfferedStaff).ShouldBeFalse();
    }

    [Fact]
    public void SecondPartnerCannotAcceptATakenRequest()
    {
        var request = Request(RequestState.Accepted, partnerId: Assigned);

        RequestRules.Decide(request, OfferedStaff, new AcceptRequest()).ShouldFailWith(ProblemKind.Conflict);
    }

    [Fact]
    public void PartnerCannotAcceptARequestItAlreadyHas()
    {
        var request = Request(RequestState.Accepted, partnerId: Assigned);

        RequestRules.Decide(request, AssignedStaff, new AcceptRequest()).ShouldFailWith(ProblemKind.Conflict);
    }

    [Fact]
    public void AcceptingGivesTheRequestToTheAcceptingPartner()
    {
        RequestRules.Decide(Request(RequestState.Open), OfferedStaff, new AcceptRequest())
            .ShouldSucceed().ShouldBe(new RequestTransition(RequestState.Accepted, null, Offered));
    }

    [Fact]
    public void AssigningGivesTheRequestToTheNamedPartner()
    {
        RequestRules.Decide(Request(RequestState.Escalated), Coordinator, new AssignRequest(NotOffered))
            .ShouldSucceed().ShouldBe(new RequestTransition(RequestState.Accepted, null, NotOffered));
    }

    [Theory]
    [InlineData(RequestState.Accepted, "start")]
    [InlineData(RequestState.InProgress, "wait-on-customer")]
    [InlineData(RequestState.InProgress, "deliver")]
    [InlineData(RequestState.WaitingOnCustomer, "resume")]
    public void OnlyTheAssignedPartnerWorksOnTheRequest(RequestState state, string action)
    {
        var request = Request(state, partnerId: Assigned);

        RequestRules.Decide(request, OfferedStaff, Command(action)).ShouldFailWith(ProblemKind.NotFound);
        RequestRules.Decide(request, AssignedStaff, Command(action)).ShouldSucceed();
    }

    [Fact]
    public void PartnerCannotStartARequestNobodyHasTaken()
    {
        RequestRules.Decide(Request(RequestState.Open), OfferedStaff, new StartRequest()).ShouldFailWith(ProblemKind.Conflict);
    }

    [Fact]
    public void CustomerMayResumeAfterAnsweringTheQuestion()
    {
        var request = Request(RequestState.WaitingOnCustomer, partnerId: Assigned);

        RequestRules.Decide(request, Requester, new ResumeRequest("Here is the data."))
            .ShouldSucceed().ShouldBe(new RequestTransition(RequestState.InProgress, "Here is the data."));
        RequestRules.Decide(request, AssignedStaff, new ResumeRequest(null)).ShouldSucceed().To.ShouldBe(RequestState.InProgress);
    }

    [Fact]
    public void CustomerCannotCancelADeliveredRequestButACoordinatorCan()
    {
        var request = Request(RequestState.Delivered, partnerId: Assigned);

        RequestRules.Decide(request, Requester, new CancelRequest("Changed our mind.")).ShouldFailWith(ProblemKind.Conflict);
        RequestRules.Decide(request, Coordinator, new CancelRequest("Dispute settled."))
            .ShouldSucceed().ShouldBe(new RequestTransition(RequestState.Cancelled, "Dispute settled."));
    }

    [Theory]
    [InlineData(RequestState.Closed)]
    [InlineData(RequestState.Cancelled)]
    public void FinalRequestsTakeNoFurtherAction(RequestState state)
    {
        var request = Request(state, partnerId: Assigned);

        RequestRules.IsFinal(state).ShouldBeTrue();
        RequestRules.Decide(request, Coordinator, new CancelRequest("Again.")).ShouldFailWith(ProblemKind.Conflict);
        RequestRules.Decide(request, Requester, new ReopenRequest("Again.")).ShouldFailWith(ProblemKind.Conflict);
        RequestRules.Decide(request, AssignedStaff, new DeliverRequest("Again.")).ShouldFailWith(ProblemKind.Conflict);
    }

    [Fact]
    public void OnlyClosedAndCancelledAreFinal()
    {
        Enum.GetValues<RequestState>().Where(RequestRules.IsFinal).ShouldBe([RequestState.Closed, RequestState.Cancelled], ignoreOrder: true);
    }

    [Fact]
    public void DeclineByOneOfSeveralPartnersKeepsTheRequestOpen()
    {
        var request = Request(RequestState.Open);

        RequestRules.Decide(request, OfferedStaff, new DeclineRequest("Fully booked."))
            .ShouldSucceed().ShouldBe(new RequestTransition(RequestState.Open, "Fully booked."));
    }

    [Fact]
    public void DeclineByTheLastEligiblePartnerEscalates()
    {
        var request = Request(RequestState.Open);
        request.DeclinedPartnerIds.Add(Assigned);

        RequestRules.Decide(request, OfferedStaff, new DeclineRequest("Fully booked."))
            .ShouldSucceed().ShouldBe(new RequestTransition(RequestState.Escalated, "Fully booked."));
    }

    [Fact]
    public void DeclineByTheOnlyOfferedPartnerEscalates()
    {
        var request = Request(RequestState.Open);
        request.OfferedPartnerIds.Remove(Assigned);

        RequestRules.Decide(request, OfferedStaff, new DeclineRequest("No."))
            .ShouldSucceed().To.ShouldBe(RequestState.Escalated);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void ClosingNeedsARatingFromOneToFive(int rating, bool valid)
    {
        var outcome = RequestRules.Decide(Request(RequestState.Delivered, partnerId: Assigned), Requester, new CloseRequest(rating, "Thanks"));

        if (valid)
        {
            outcome.ShouldSucceed().ShouldBe(new RequestTransition(RequestState.Closed, "Thanks"));
        }
        else
        {
            outcome.ShouldFailWith(ProblemKind.Invalid).Errors.ShouldNotBeNull().Keys.ShouldBe(["rating"]);
        }
    }

    [Fact]
    public void InternalCommentsAreForCoordinatorsAndTheAssignedPartnersStaff()
    {
        var request = Request(RequestState.InProgress, partnerId: Assigned);

        RequestRules.CanReadInternal(request, Coordinator).ShouldBeTrue();
        RequestRules.CanReadInternal(request, AssignedStaff).ShouldBeTrue();
        RequestRules.CanReadInternal(request, OfferedStaff).ShouldBeFalse();
        RequestRules.CanReadInternal(request, Requester).ShouldBeFalse();
        RequestRules.CanReadInternal(request, NotOfferedStaff).ShouldBeFalse();
    }

    [Fact]
    public void PartnersThatLostTheRequestNoLongerCommentOnIt()
    {
        var open = Request(RequestState.Open);
        var taken = Request(RequestState.InProgress, partnerId: Assigned);

        RequestRules.CommentProblem(open, OfferedStaff).ShouldBeNull();
        RequestRules.CommentProblem(taken, OfferedStaff).ShouldNotBeNull().Kind.ShouldBe(ProblemKind.Conflict);
        RequestRules.CommentProblem(taken, AssignedStaff).ShouldBeNull();
        RequestRules.CommentProblem(taken, Requester).ShouldBeNull();
        RequestRules.CommentProblem(taken, Coordinator).ShouldBeNull();
    }

    [Fact]
    public void NobodyButCoordinatorsReadsInternalCommentsBeforeAPartnerTakesTheRequest()
    {
        var request = Request(RequestState.Open);

        RequestRules.CanReadInternal(request, OfferedStaff).ShouldBeFalse();
        RequestRules.CanReadInternal(request, Coordinator).ShouldBeTrue();
    }

    /// <summary>A request of <see cref="Customer"/> offered to the assigned and the offered partner.</summary>
    private static ServiceRequestState Request(RequestState state, string? partnerId = null) => new()
    {
        Exists = true,
        ServiceCode = "tbi-ai-readiness",
        Category = "artificial-intelligence",
        Title = "AI readiness",
        Description = "Where could AI help us?",
        CustomerId = Customer,
        RequesterId = Requester.UserId,
        State = state,
        Version = 3,
        PartnerId = partnerId,
        OfferedPartnerIds = [Assigned, Offered],
    };

    private static RequestCommand Command(string action) => action switch
    {
        "accept" => new AcceptRequest(),
        "decline" => new DeclineRequest("No capacity."),
        "assign" => new AssignRequest(Assigned),
        "start" => new StartRequest(),
        "wait-on-customer" => new WaitOnCustomer("Which line?"),
        "resume" => new ResumeRequest("Line 2."),
        "deliver" => new DeliverRequest("Report."),
        "reopen" => new ReopenRequest("Incomplete."),
        "close" => new CloseRequest(5, null),
        "cancel" => new CancelRequest("No longer needed."),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
