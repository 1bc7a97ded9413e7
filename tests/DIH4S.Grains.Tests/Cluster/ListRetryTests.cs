using DIH4S.Contracts;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>
/// A change whose list rows the database refused is still acknowledged, and its grain records it by
/// itself once the database takes writes again (ADR 0017) — without waiting for the item's next change.
/// </summary>
public sealed class ListRetryTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly TestListsDatabase _database = new();
    private readonly RefusingLists _lists;
    private InProcessTestCluster? _cluster;

    public ListRetryTests() => _lists = new RefusingLists(_database.Lists);

    private IClusterClient Client => _cluster!.Client;

    public async Task InitializeAsync()
    {
        var clock = new DeskClock(new FakeTimeProvider(DeskClusterFixture.StartsAt));
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            TestSilo.Configure(silo, clock, _database);
            silo.Services.AddSingleton<IDeskLists>(_lists);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ARefusedRecordingIsRetriedUntilTheListsHoldTheChange()
    {
        var customer = People.NewOrganization();
        var partner = People.NewOrganization();
        var (grain, submitted) = await Client.SubmitNewAsync(People.RequesterOf(customer), [partner]);

        _lists.Refuse();
        var accepted = (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();
        (await _lists.RecordedVersionAsync(ListKeys.Requests, submitted.Id)).ShouldBe(submitted.Version);

        _lists.Take();
        var retried = await _lists.FirstTaken.WaitAsync(Guard);
        (retried.ItemId, retried.Version).ShouldBe((submitted.Id, accepted.Version));

        var listed = ListJson.Read<RequestView>(await _lists.PageAsync(ListKeys.Requests, [ListKeys.Organization(customer)], null, 1, 10));
        listed.Items.ShouldHaveSingleItem().ShouldBeEquivalentTo(accepted);
    }

    [Fact]
    public async Task TheChangeAfterARefusedRecordingBringsTheListsAndTheHistoryUpToDate()
    {
        var customer = People.NewOrganization();
        var partner = People.NewOrganization();
        var (grain, submitted) = await Client.SubmitNewAsync(People.RequesterOf(customer), [partner]);

        _lists.Refuse();
        (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();
        _lists.Take();
        var started = (await grain.ActAsync(People.StaffOf(partner), new StartRequest())).ShouldSucceed();

        (await _lists.RecordedVersionAsync(ListKeys.Requests, submitted.Id)).ShouldBe(started.Version);
        var listed = ListJson.Read<RequestView>(await _lists.PageAsync(ListKeys.Requests, [ListKeys.Organization(customer)], null, 1, 10));
        listed.Items.ShouldHaveSingleItem().ShouldBeEquivalentTo(started);
        (await _lists.LogAsync(ListKeys.Requests, submitted.Id, 1, 10)).Total.ShouldBe(started.Version); // the refused version's history too
    }

    /// <summary>The lists, refusing every recording between <see cref="Refuse"/> and <see cref="Take"/>, as a database that went away would.</summary>
    private sealed class RefusingLists(IDeskLists inner) : IDeskLists
    {
        private volatile bool _refusing;
        private volatile TaskCompletionSource<ListRecord> _firstTaken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The first recording the lists took since the last <see cref="Refuse"/>.</summary>
        public Task<ListRecord> FirstTaken => _firstTaken.Task;

        public void Refuse()
        {
            _firstTaken = new TaskCompletionSource<ListRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            _refusing = true;
        }

        public void Take() => _refusing = false;

        public async Task RecordAsync(ListRecord record)
        {
            if (_refusing)
            {
                throw new InvalidOperationException("The database refused the write (test).");
            }

            await inner.RecordAsync(record);
            _firstTaken.TrySetResult(record);
        }

        public Task<PageOf<string>> PageAsync(string kind, IReadOnlyList<string> audiences, string? state, int page, int pageSize) =>
            inner.PageAsync(kind, audiences, state, page, pageSize);

        public Task<int> CountAsync(string kind, string audience, string? state) => inner.CountAsync(kind, audience, state);

        public Task<int?> RecordedVersionAsync(string kind, string itemId) => inner.RecordedVersionAsync(kind, itemId);

        public Task<PageOf<string>> LogAsync(string kind, string itemId, int page, int pageSize) => inner.LogAsync(kind, itemId, page, pageSize);

        public Task<bool> AddCommentAsync(string kind, string itemId, bool isInternal, string commentJson, int limit) =>
            inner.AddCommentAsync(kind, itemId, isInternal, commentJson, limit);

        public Task<PageOf<string>> CommentsAsync(string kind, string itemId, bool internalToo, int page, int pageSize) =>
            inner.CommentsAsync(kind, itemId, internalToo, page, pageSize);

        public Task<IReadOnlyList<string>> DueAsync(string kind, DateTimeOffset now, int take) => inner.DueAsync(kind, now, take);
    }
}
