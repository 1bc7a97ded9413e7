using DIH4S.Web.Pages.Requests;
using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Requests;

public sealed class RequestActionsTests
{
    private static readonly Me Requester = Sample.Person(Roles.Requester, Sample.Customer);
    private static readonly Me OtherCustomer = Sample.Person(Roles.Requester, "org_other_sme");
    private static readonly Me PartnerStaff = Sample.Person(Roles.PartnerStaff, Sample.Partner);
    private static readonly Me Coordinator = Sample.Person(Roles.Coordinator, "org_hub");

    private static IReadOnlyList<string> For(Me me, string state, string? partnerId = null) =>
        RequestActions.For(me, Sample.Request("req_1", state: state, partnerId: partnerId));

    [Theory]
    [InlineData(RequestStates.Open, new[] { "cancel" })]
    [InlineData(RequestStates.Escalated, new[] { "cancel" })]
    [InlineData(RequestStates.Accepted, new[] { "cancel" })]
    [InlineData(RequestStates.InProgress, new[] { "cancel" })]
    [InlineData(RequestStates.WaitingOnCustomer, new[] { "resume", "cancel" })]
    [InlineData(RequestStates.Delivered, new[] { "close", "reopen" })]
    [InlineData(RequestStates.Closed, new string[0])]
    [InlineData(RequestStates.Cancelled, new string[0])]
    public void RequesterSeesCloseAndReopenOnlyWhenDelivered(string state, string[] expected)
    {
        var partnerId = state is RequestStates.Open or RequestStates.Escalated ? null : Sample.Partner;
        For(Requester, state, partnerId).ShouldBe(expected);
    }

    [Fact]
    public void ARequesterOfAnotherOrganizationMayDoNothing()
    {
        foreach (var state in RequestStates.All)
        {
            For(OtherCustomer, state, Sample.Partner).ShouldBeEmpty(state);
        }
    }

    [Fact]
    public void PartnerStaffMayAcceptOrDeclineAnOpenOffer() =>
        For(PartnerStaff, RequestStates.Open).ShouldBe([RequestActions.Accept, RequestActions.Decline]);

    [Fact]
    public void AnEscalatedRequestWaitsForTheHubNotForPartners() =>
        For(PartnerStaff, RequestStates.Escalated).ShouldBeEmpty();

    [Theory]
    [InlineData(RequestStates.Accepted, new[] { "start" })]
    [InlineData(RequestStates.InProgress, new[] { "wait-on-customer", "deliver" })]
    [InlineData(RequestStates.WaitingOnCustomer, new string[0])]
    [InlineData(RequestStates.Delivered, new string[0])]
    [InlineData(RequestStates.Closed, new string[0])]
    public void TheAssignedPartnerWorksTheRequest(string state, string[] expected) =>
        For(PartnerStaff, state, Sample.Partner).ShouldBe(expected);

    [Theory]
    [InlineData(RequestStates.Accepted)]
    [InlineData(RequestStates.InProgress)]
    public void APartnerThatLostTheRequestMayDoNothing(string state) =>
        For(PartnerStaff, state, Sample.OtherPartner).ShouldBeEmpty();

    [Theory]
    [InlineData(RequestStates.Open, new[] { "assign", "cancel" })]
    [InlineData(RequestStates.Escalated, new[] { "assign", "cancel" })]
    [InlineData(RequestStates.InProgress, new[] { "cancel" })]
    [InlineData(RequestStates.Delivered, new[] { "cancel" })]
    [InlineData(RequestStates.Closed, new string[0])]
    [InlineData(RequestStates.Cancelled, new string[0])]
    public void CoordinatorAssignsOffersAndCancelsAnythingNotFinal(string state, string[] expected)
    {
        var partnerId = state is RequestStates.Open or RequestStates.Escalated ? null : Sample.Partner;
        For(Coordinator, state, partnerId).ShouldBe(expected);
    }

    [Fact]
    public void EachActionSendsTheBodyTheApiNames()
    {
        System.Text.Json.JsonSerializer.Serialize(RequestActions.Body(RequestActions.Close, " great ", 5), DeskJson.Options)
            .ShouldBe("""{"rating":5,"comment":"great"}""");
        System.Text.Json.JsonSerializer.Serialize(RequestActions.Body(RequestActions.Decline, "too busy"), DeskJson.Options)
            .ShouldBe("""{"reason":"too busy"}""");
        System.Text.Json.JsonSerializer.Serialize(RequestActions.Body(RequestActions.Assign, null, partnerId: "org_p"), DeskJson.Options)
            .ShouldBe("""{"partnerId":"org_p"}""");
        System.Text.Json.JsonSerializer.Serialize(RequestActions.Body(RequestActions.Start, "ignored"), DeskJson.Options).ShouldBe("{}");
    }
}
