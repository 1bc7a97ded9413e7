using DIH4S.Contracts;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Requests;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>The request grain records itself in the lists' read model after each change (ADR 0017).</summary>
[Collection(DeskClusterCollection.Name)]
public sealed class RequestListTests(DeskClusterFixture desk)
{
    private Audience IndexOf(string organizationId) => new(desk.Lists, ListKeys.Organization(organizationId));

    private Audience All => new(desk.Lists, ListKeys.All);

    [Fact]
    public async Task SubmittedRequestIsListedForTheCustomerEveryOfferedPartnerAndCoordinators()
    {
        var customer = People.NewOrganization();
        var partners = new[] { People.NewOrganization(), People.NewOrganization(), People.NewOrganization() };
        var unrelated = People.NewOrganization();

        var (_, view) = await desk.Client.SubmitNewAsync(People.RequesterOf(customer), partners);

        foreach (var organization in partners.Append(customer))
        {
            (await IndexOf(organization).QueryAsync(null, 1, 10)).ShouldBePage([view.Id], 1, 1, 10);
        }

        (await IndexOf(unrelated).QueryAsync(null, 1, 10)).Total.ShouldBe(0);
        var all = await All.QueryAsync(State(RequestState.Open), 1, 100);
        all.Items.ShouldContain(view.Id);
    }

    [Fact]
    public async Task PartnerThatDeclinedNoLongerListsTheRequest()
    {
        var customer = People.NewOrganization();
        var staying = People.NewOrganization();
        var declining = People.NewOrganization();
        var (grain, view) = await desk.Client.SubmitNewAsync(People.RequesterOf(customer), [staying, declining]);

        (await grain.ActAsync(People.StaffOf(declining), new DeclineRequest("No capacity this month."))).ShouldSucceed();

        (await IndexOf(declining).QueryAsync(null, 1, 10)).Total.ShouldBe(0);
        (await IndexOf(staying).QueryAsync(State(RequestState.Open), 1, 10)).Items.ShouldBe([view.Id]);
        (await IndexOf(customer).QueryAsync(State(RequestState.Open), 1, 10)).Items.ShouldBe([view.Id]);
    }

    [Fact]
    public async Task IndexFollowsTheStateOfTheRequest()
    {
        var customer = People.NewOrganization();
        var partner = People.NewOrganization();
        var (grain, view) = await desk.Client.SubmitNewAsync(People.RequesterOf(customer), [partner]);

        (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();

        foreach (var organization in new[] { customer, partner })
        {
            (await IndexOf(organization).QueryAsync(State(RequestState.Open), 1, 10)).Total.ShouldBe(0);
            (await IndexOf(organization).QueryAsync(State(RequestState.Accepted), 1, 10)).Items.ShouldBe([view.Id]);
        }

        (await All.QueryAsync(State(RequestState.Accepted), 1, 100)).Items.ShouldContain(view.Id);
        (await All.QueryAsync(State(RequestState.Open), 1, 100)).Items.ShouldNotContain(view.Id);
    }

    [Fact]
    public async Task QueryFiltersByStateAndPagesNewestFirst()
    {
        var customer = People.NewOrganization();
        var requester = People.RequesterOf(customer);
        var partner = People.NewOrganization();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            desk.Time.Advance(TimeSpan.FromMinutes(1));
            var (_, view) = await desk.Client.SubmitNewAsync(requester, [partner]);
            ids.Add(view.Id);
        }

        var (oldest, middle, newest) = (ids[0], ids[1], ids[2]);
        (await desk.Client.GetGrain<IServiceRequestGrain>(middle).ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();
        var index = IndexOf(customer);

        (await index.QueryAsync(null, 1, 10)).ShouldBePage([newest, middle, oldest], 3, 1, 10);
        (await index.QueryAsync(State(RequestState.Open), 1, 1)).ShouldBePage([newest], 2, 1, 1);
        (await index.QueryAsync(State(RequestState.Open), 2, 1)).ShouldBePage([oldest], 2, 2, 1);
        (await index.QueryAsync(State(RequestState.Open), 3, 1)).ShouldBePage([], 2, 3, 1);
        (await index.QueryAsync(State(RequestState.Accepted), 1, 10)).ShouldBePage([middle], 1, 1, 10);
        (await index.QueryAsync(State(RequestState.Closed), 1, 10)).ShouldBePage([], 0, 1, 10);
    }

    [Fact]
    public async Task ListedViewIsTheRequestsLatestVersion()
    {
        var customer = People.NewOrganization();
        var partner = People.NewOrganization();
        var (grain, _) = await desk.Client.SubmitNewAsync(People.RequesterOf(customer), [partner]);
        var accepted = (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();

        var listed = ListJson.Read<RequestView>(await desk.Lists.PageAsync(ListKeys.Requests, [ListKeys.Organization(customer)], null, 1, 10));

        listed.Items.ShouldHaveSingleItem().ShouldBeEquivalentTo(accepted);
    }

    [Fact]
    public async Task AnOlderVersionNeverReplacesANewerRow()
    {
        var customer = People.NewOrganization();
        var partner = People.NewOrganization();
        var (grain, submitted) = await desk.Client.SubmitNewAsync(People.RequesterOf(customer), [partner]);
        var accepted = (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();

        // A late retry of version 1 (say, after a timeout) arrives after version 2 was recorded.
        await desk.Lists.RecordAsync(new ListRecord(
            ListKeys.Requests, submitted.Id, submitted.Version, State(RequestState.Open), submitted.CreatedAt,
            [ListKeys.All, ListKeys.Organization(customer), ListKeys.Organization(partner)], ListJson.Write(submitted), []));

        (await desk.Lists.RecordedVersionAsync(ListKeys.Requests, submitted.Id)).ShouldBe(accepted.Version);
        (await IndexOf(customer).QueryAsync(State(RequestState.Open), 1, 10)).Total.ShouldBe(0);
        (await IndexOf(customer).QueryAsync(State(RequestState.Accepted), 1, 10)).Items.ShouldBe([submitted.Id]);
    }

    private static string State(RequestState state) => RequestRules.Kebab(state);

    /// <summary>One audience's request list, as ids.</summary>
    private sealed record Audience(IDeskLists Lists, string Name)
    {
        public async Task<PageOf<string>> QueryAsync(string? state, int page, int pageSize)
        {
            var views = ListJson.Read<RequestView>(await Lists.PageAsync(ListKeys.Requests, [Name], state, page, pageSize));
            return new PageOf<string>([.. views.Items.Select(v => v.Id)], views.Total, views.Page, views.PageSize);
        }
    }
}
