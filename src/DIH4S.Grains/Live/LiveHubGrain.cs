using DIH4S.Contracts.Live;
using Orleans.Concurrency;

namespace DIH4S.Grains.Live;

/// <summary>
/// The publisher of the calling silo (ADR 0004). A stateless worker is activated on the silo that calls
/// it, so every silo publishes its own grains' changes; one worker per silo keeps them in the order
/// they were published. <see cref="PublishAsync"/> is one-way and awaits nothing: it reads the silo's
/// <see cref="LiveDirectory"/> and sends.
/// </summary>
[StatelessWorker(1)]
public sealed class LiveHubGrain(IServiceProvider services) : Grain, ILiveHubGrain
{
    private readonly LiveDirectory _directory = LiveDirectory.Of(services);

    public Task PublishAsync(LiveChange change)
    {
        _directory.Publish(change);
        return Task.CompletedTask;
    }
}
