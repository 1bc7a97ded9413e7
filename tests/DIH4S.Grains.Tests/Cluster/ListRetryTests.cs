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

        _lists.Refusing = true;
        var accepted = (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();
        (await _lists.RecordedVersionAsync(ListKeys.Requests, submitted.Id)).ShouldBe(submitted.Version);

        var recorded = _lists.NextRecordingOf(submitted.Id);
        _lists.Refusing = false;
        (await recorded.WaitAsync(Guard)).ShouldBe(accepted.Version);

        var listed = ListJson.Read<RequestView>(await _lists.PageAsync(ListKeys.Requests, [ListKeys.Organization(customer)], null, 1, 10));
        listed.Items.ShouldHaveSingleItem().ShouldBeEquivalentTo(accepted);
        _lists.Refused.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ARetryStillPendingWhenTheNextChangeComesLeavesTheListsAtTheNewest()
    {
        var customer = People.NewOrganization();
        var partner = People.NewOrganization();
        var (grain, submitted) = await Client.SubmitNewAsync(People.RequesterOf(customer), [partner]);

        _lists.Refusing = true;
        (await grain.ActAsync(People.StaffOf(partner), new AcceptRequest())).ShouldSucceed();
        _lists.Refusing = false;
        var started = (await grain.ActAsync(People.StaffOf(partner), new StartRequest())).ShouldSucceed();

        (await _lists.RecordedVersionAsync(ListKeys.Requests, submitted.Id)).ShouldBe(started.Version);
        var listed = ListJson.Read<RequestView>(await _lists.PageAsync(ListKeys.Requests, [ListKeys.Organization(customer)], null, 1, 10));
        listed.Items.ShouldHaveSingleItem().ShouldBeEquivalentTo(started);
        (await _lists.LogAsync(ListKeys.Requests, submitted.Id, 1, 10)).Total.ShouldBe(started.Version); // the refused version's history too
    }

    /// <summary>The lists, refusing every recording while <see cref="Refusing"/> is set, as a database that went away would.</summary>
    private sealed class RefusingLists(IDeskLists inner) : IDeskLists
    {
        private readonly Lock _gate = new();
        private readonly List<(string ItemId, TaskCompletionSource<int> Recorded)> _waiting = [];
        private int _refused;

        public volatile bool Refusing;

        public int Refused => Volatile.Read(ref _refused);

        /// <summary>Completes with the version of the next recording of <paramref name="itemId"/> that the lists take.</summary>
        public Task<int> NextRecordingOf(string itemId)
        {
            var recorded = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting.Add((itemId, recorded));
            }

            return recorded.Task;
        }

        public async Task RecordAsync(ListRecord record)
        {
            if (Refusing)
            {
                Interlocked.Increment(ref _refused);
                throw new InvalidOperationException("The database refused the write (test).");
            }

            await inner.RecordAsync(record);
            lock (_gate)
            {
                foreach (var waiting in _waiting.Where(w => w.ItemId == record.ItemId).ToList())
                {
                    waiting.Recorded.TrySetResult(record.Version);
                    _waiting.Remove(waiting);
                }
            }
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
    }
}
