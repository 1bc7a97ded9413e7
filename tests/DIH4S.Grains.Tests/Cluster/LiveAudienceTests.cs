using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Live;
using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>
/// Every change is published with the SignalR groups allowed to see it: coordinators and exactly the
/// organizations whose people can read the request at that version.
/// </summary>
[Collection(DeskClusterCollection.Name)]
public sealed class LiveAudienceTests(DeskClusterFixture desk)
{
    [Fact]
    public async Task EveryChangeNamesCoordinatorsAndExactlyTheOrganizationsThatSeeTheRequest()
    {
        var parties = new Parties();
        var winner = parties.Partner();
        var loser = parties.Partner();
        var neverOffered = parties.Partner();
        var requester = parties.Requester();
        var otherCustomer = parties.Requester();
        await using var live = await LiveProbe.RegisterAsync(desk.Client);

        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [winner.OrganizationId, loser.OrganizationId]);
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, submitted, parties);
        var accepted = (await grain.ActAsync(winner, new AcceptRequest())).ShouldSucceed();
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, accepted, parties);
        var started = (await grain.ActAsync(winner, new StartRequest())).ShouldSucceed();
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, started, parties);
        var cancelled = (await grain.ActAsync(People.Coordinator(), new CancelRequest("Customer withdrew by phone."))).ShouldSucceed();
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, cancelled, parties);

        foreach (var version in Enumerable.Range(1, cancelled.Version))
        {
            var audience = (await live.VersionAsync(submitted.Id, version)).Audience;
            audience.ShouldContain(Audiences.Organization(requester.OrganizationId));
            // The partner that lost sees the offer (version 1) and nothing after it was taken (issue 9).
            audience.Contains(Audiences.Organization(loser.OrganizationId)).ShouldBe(version == 1, $"version {version}");
            audience.ShouldContain(Audiences.Coordinators);
            audience.ShouldNotContain(Audiences.Organization(neverOffered.OrganizationId));
            audience.ShouldNotContain(Audiences.Organization(otherCustomer.OrganizationId));
        }
    }

    [Fact]
    public async Task TheLosingPartnerGetsOneWithdrawalWithTheReason()
    {
        var parties = new Parties();
        var winner = parties.Partner();
        var loser = parties.Partner();
        var requester = parties.Requester();
        await using var live = await LiveProbe.RegisterAsync(desk.Client);
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, [winner.OrganizationId, loser.OrganizationId]);

        var accepted = (await grain.ActAsync(winner, new AcceptRequest())).ShouldSucceed();
        await live.VersionAsync(accepted.Id, accepted.Version);

        var withdrawn = await live.WithdrawalAsync(accepted.Id);
        withdrawn.Offer.Reason.ShouldBe(OfferWithdrawnView.Taken);
        withdrawn.Audience.ShouldBe([Audiences.Organization(loser.OrganizationId)]);
    }

    [Fact]
    public async Task AssignmentIsPublishedToTheAssignedPartnerThatWasNeverOffered()
    {
        var parties = new Parties();
        var requester = parties.Requester();
        var assignee = parties.Partner();
        await using var live = await LiveProbe.RegisterAsync(desk.Client);
        var (grain, escalated) = await desk.Client.SubmitNewAsync(requester, []);
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, escalated, parties);

        var assigned = (await grain.ActAsync(People.Coordinator(), new AssignRequest(assignee.OrganizationId))).ShouldSucceed();

        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, assigned, parties);
        (await live.VersionAsync(assigned.Id, assigned.Version)).Audience.ShouldContain(Audiences.Organization(assignee.OrganizationId));
    }

    [Fact]
    public async Task DeclineIsNotPublishedToThePartnerThatDeclined()
    {
        var parties = new Parties();
        var requester = parties.Requester();
        var staying = parties.Partner();
        var declining = parties.Partner();
        await using var live = await LiveProbe.RegisterAsync(desk.Client);
        var (grain, _) = await desk.Client.SubmitNewAsync(requester, [staying.OrganizationId, declining.OrganizationId]);

        var declined = (await grain.ActAsync(declining, new DeclineRequest("Not our field."))).ShouldSucceed();
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, declined, parties);
        var accepted = (await grain.ActAsync(staying, new AcceptRequest())).ShouldSucceed();
        await ShouldBePublishedToThoseWhoSeeItAsync(live, grain, accepted, parties);
    }

    /// <summary>
    /// Awaits the change that published <paramref name="view"/>'s version and checks its audience against
    /// who can read the request right now (the request does not change between the two).
    /// </summary>
    private static async Task ShouldBePublishedToThoseWhoSeeItAsync(
        LiveProbe live, IServiceRequestGrain grain, RequestView view, Parties parties)
    {
        var change = await live.VersionAsync(view.Id, view.Version);
        change.Request.ShouldBe(view);
        var seeing = new List<string> { Audiences.Coordinators };
        foreach (var person in parties.All)
        {
            if ((await grain.GetAsync(person)).Problem is null)
            {
                seeing.Add(Audiences.Organization(person.OrganizationId));
            }
        }

        change.Audience.ShouldBe(seeing, ignoreOrder: true, $"version {view.Version} ({view.State})");
    }

    /// <summary>One person in each organization a test involves, customers and partners alike.</summary>
    private sealed class Parties
    {
        private readonly List<Actor> _all = [];

        public IReadOnlyList<Actor> All => _all;

        public Actor Requester() => Add(People.RequesterOf(People.NewOrganization()));

        public Actor Partner() => Add(People.StaffOf(People.NewOrganization()));

        private Actor Add(Actor actor)
        {
            _all.Add(actor);
            return actor;
        }
    }
}
