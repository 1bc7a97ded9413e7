using DIH4S.Contracts.Indexes;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Requests;

namespace DIH4S.Grains.Tests.Cluster;

[Collection(DeskClusterCollection.Name)]
public sealed class RequestIndexTests(DeskClusterFixture desk)
{
    private IItemIndexGrain IndexOf(string organizationId) =>
        desk.Client.GetGrain<IItemIndexGrain>(IndexKeys.Organization(RequestIndexes.Kind, organizationId));

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
        var all = await desk.Client.GetGrain<IItemIndexGrain>(IndexKeys.All(RequestIndexes.Kind)).QueryAsync(State(RequestState.Open), 1, 10_000);
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

        var all = desk.Client.GetGrain<IItemIndexGrain>(IndexKeys.All(RequestIndexes.Kind));
        (await all.QueryAsync(State(RequestState.Accepted), 1, 10_000)).Items.ShouldContain(view.Id);
        (await all.QueryAsync(State(RequestState.Open), 1, 10_000)).Items.ShouldNotContain(view.Id);
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

    private static string State(RequestState state) => RequestRules.Kebab(state);
}
