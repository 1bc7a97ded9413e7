using DIH4S.Api.Live;
using DIH4S.Contracts.Live;
using Microsoft.Extensions.Time.Testing;

namespace DIH4S.Api.Tests;

/// <summary>The node's routing table on its own: who receives a change, and what a late joiner is replayed.</summary>
public sealed class LiveRouterTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<(string ConnectionId, string Change)> _sent = [];

    private LiveRouter NewRouter() => new(_time, SendAsync);

    [Fact]
    public async Task AChangeGoesOnceToEachConnectionInAnyOfItsAudiences()
    {
        var router = NewRouter();
        await JoinAsync(router, "c1", "org:a", "user:1");
        await JoinAsync(router, "c2", "org:b");
        await JoinAsync(router, "c3", "org:c");

        await router.RouteAsync(new Probe("p", ["org:a", "user:1", "org:b"]));

        _sent.ShouldBe([("c1", "p"), ("c2", "p")], ignoreOrder: true);
    }

    [Fact]
    public async Task AJoiningConnectionIsReplayedWhatWasRoutedForItAfterItsMarkAndNothingElse()
    {
        var router = NewRouter();
        await router.RouteAsync(new Probe("before-mark", ["org:a"]));
        var mark = router.Mark();
        await router.RouteAsync(new Probe("other-audience", ["org:b"]));
        await router.RouteAsync(new Probe("first", ["org:a"]));
        await router.RouteAsync(new Probe("second", ["coordinators", "org:a"]));

        var complete = await router.JoinAsync("c1", ["org:a"], mark);
        await router.RouteAsync(new Probe("after-join", ["org:a"]));

        complete.ShouldBeTrue();
        _sent.ShouldBe([("c1", "first"), ("c1", "second"), ("c1", "after-join")]);
    }

    [Fact]
    public async Task ChangesOlderThanTheReplayWindowAreNotReplayedAndTheJoinSaysSo()
    {
        var router = NewRouter();
        var mark = router.Mark();
        await router.RouteAsync(new Probe("old", ["org:a"]));
        _time.Advance(LiveRouter.ReplayWindow + TimeSpan.FromSeconds(1));
        await router.RouteAsync(new Probe("recent", ["org:a"]));

        var complete = await router.JoinAsync("c1", ["org:a"], mark);

        complete.ShouldBeFalse();
        _sent.ShouldBe([("c1", "recent")]);
    }

    [Fact]
    public async Task NoMoreThanTheReplayCapacityIsKept()
    {
        var router = NewRouter();
        var mark = router.Mark();
        for (var i = 0; i < LiveRouter.ReplayCapacity + 5; i++)
        {
            await router.RouteAsync(new Probe($"p{i}", ["org:a"]));
        }

        var complete = await router.JoinAsync("c1", ["org:a"], mark);

        complete.ShouldBeFalse();
        _sent.Count.ShouldBe(LiveRouter.ReplayCapacity);
        _sent[0].Change.ShouldBe("p5");
    }

    [Fact]
    public async Task AConnectionThatLeftReceivesNothingMore()
    {
        var router = NewRouter();
        await JoinAsync(router, "c1", "org:a");
        await JoinAsync(router, "c2", "org:a");

        router.Leave("c1");
        await router.RouteAsync(new Probe("p", ["org:a"]));

        _sent.ShouldBe([("c2", "p")]);
        router.ConnectionCount.ShouldBe(1);
    }

    private Task JoinAsync(LiveRouter router, string connectionId, params string[] audiences) =>
        router.JoinAsync(connectionId, audiences, router.Mark());

    private Task SendAsync(string connectionId, LiveChange change)
    {
        _sent.Add((connectionId, ((Probe)change).Name));
        return Task.CompletedTask;
    }

    private sealed record Probe(string Name, IReadOnlyList<string> Audience) : LiveChange(Audience)
    {
        public override Task DeliverToAsync(IDeskClient clients) => Task.CompletedTask;
    }
}
