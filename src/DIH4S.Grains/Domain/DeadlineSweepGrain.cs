using DIH4S.Contracts.Requests;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Domain;

/// <summary>Finds the items of one kind whose deadline has passed and has each check its own clocks (ADR 0005).</summary>
[Alias("dih4s.IDeadlineSweepGrain")]
public interface IDeadlineSweepGrain : IGrainWithStringKey
{
    /// <summary>Arms the sweep's one reminder; every silo calls it at start (an update of the same reminder).</summary>
    [Alias("StartAsync")]
    Task StartAsync();

    /// <summary>Checks every item recorded as due now; returns how many it asked.</summary>
    [Alias("SweepAsync")]
    Task<int> SweepAsync();
}

/// <summary>
/// One per kind of item with deadlines (the key is the lists' kind; requests only, for now). Instead of
/// each item holding an Orleans reminder of its own — a million open requests were a million reminders
/// the reminder service kept in memory and re-read every few minutes — an item records its next
/// deadline with its list rows (<see cref="ListRecord.DueAt"/>), and this grain's one durable reminder
/// asks the items due, a page at a time, to check their own clocks. The item decides: the rows only say
/// whom to ask.
/// </summary>
public sealed partial class DeadlineSweepGrain(
    IDeskLists lists,
    DeskClock clock,
    IOptions<RequestOptions> options,
    IOptions<ReminderOptions> reminders,
    ILogger<DeadlineSweepGrain> logger) : Grain, IDeadlineSweepGrain, IRemindable
{
    /// <summary>The items asked per read of the due rows.</summary>
    internal const int Page = 256;

    /// <summary>The items asked at once.</summary>
    internal const int AtOnce = 16;

    private const string Reminder = "deadline-sweep";

    private string Kind => this.GetPrimaryKeyString();

    /// <summary>How often the sweep runs: <see cref="RequestOptions.TimerCheckInterval"/>, by default the silo's minimum reminder period.</summary>
    private TimeSpan Period => CheckIntervals.Of(options.Value.TimerCheckInterval, reminders.Value);

    public async Task StartAsync()
    {
        if (Kind != ListKeys.Requests)
        {
            throw new ArgumentException($"No deadlines are kept for items of kind '{Kind}'.");
        }

        await this.RegisterOrUpdateReminder(Reminder, Period, Period);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Reminder ? SweepAsync() : Task.CompletedTask;

    public async Task<int> SweepAsync()
    {
        var now = clock.UtcNow;
        var asked = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // An item that checked and stays due (its check failed) comes back first: ask it once per sweep.
            var due = await lists.DueAsync(Kind, now, Page);
            var fresh = due.Where(asked.Add).ToList();
            foreach (var batch in fresh.Chunk(AtOnce))
            {
                await Task.WhenAll(batch.Select(CheckAsync));
            }

            if (fresh.Count == 0 || due.Count < Page)
            {
                return asked.Count;
            }
        }
    }

    private async Task CheckAsync(string itemId)
    {
        try
        {
            await GrainFactory.GetGrain<IServiceRequestGrain>(itemId).CheckDeadlinesAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // It stays due: the next sweep asks again.
            LogCheckFailed(logger, ex, Kind, itemId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the deadlines of {Kind} item {ItemId} failed; the next sweep asks again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string kind, string itemId);
}

/// <summary>Starts the deadline sweeps with the silo.</summary>
public static class DeadlineSweeps
{
    public static ISiloBuilder AddDeskDeadlineSweeps(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<IDeadlineSweepGrain>(ListKeys.Requests).StartAsync());
    }
}
