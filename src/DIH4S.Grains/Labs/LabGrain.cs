using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Indexes;
using DIH4S.Contracts.Labs;
using Microsoft.Extensions.Logging;

namespace DIH4S.Grains.Labs;

/// <summary>One lab: its partner, managers and the list of its equipment. Listed in <c>labs/all</c> and in each manager's <c>labs/user:{id}</c>.</summary>
public sealed partial class LabGrain(
    [PersistentState("lab", DeskStorage.Name)] IPersistentState<LabState> store,
    ILogger<LabGrain> logger) : Grain, ILabGrain
{
    private LabState S => store.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<Outcome<LabView>> CreateAsync(LabView lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        if (S.Exists)
        {
            return DeskProblem.Conflict("A lab with this id already exists.");
        }

        S.Exists = true;
        S.Name = lab.Name;
        S.PartnerId = lab.PartnerId;
        S.ManagerIds = [.. lab.ManagerIds];
        S.CreatedAt = lab.CreatedAt;
        await store.WriteStateAsync();
        await IndexAsync();
        return View();
    }

    public Task<LabView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    public async Task<Outcome<EquipmentView>> AddEquipmentAsync(Actor actor, EquipmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(spec);
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskProblem.Forbidden("Only lab managers and coordinators add equipment.");
        }

        if (!S.Exists)
        {
            return DeskProblem.NotFound("Lab");
        }

        if (!BookingRules.Manages(S.ManagerIds, actor))
        {
            return DeskProblem.Forbidden("Only the managers of this lab add equipment to it.");
        }

        var id = $"eqp_{Guid.NewGuid():N}";
        var created = await GrainFactory.GetGrain<IEquipmentGrain>(id).CreateAsync(View(), spec);
        if (created.Problem is not null)
        {
            return created;
        }

        S.EquipmentIds.Add(id);
        await store.WriteStateAsync();
        return created;
    }

    public Task<IReadOnlyList<string>?> GetEquipmentIdsAsync() =>
        Task.FromResult<IReadOnlyList<string>?>(S.Exists ? [.. S.EquipmentIds] : null);

    private async Task IndexAsync()
    {
        var entry = new ItemIndexEntry(Id, "active", S.CreatedAt);
        try
        {
            await Task.WhenAll(S.ManagerIds
                .Select(m => IndexKeys.Of(LabIndexes.Labs, LabIndexes.Manager(m)))
                .Append(IndexKeys.All(LabIndexes.Labs))
                .Select(key => GrainFactory.GetGrain<IItemIndexGrain>(key).UpsertAsync(entry)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogIndexFailed(logger, ex, Id);
        }
    }

    private LabView View() => new(Id, S.Name, S.PartnerId, [.. S.ManagerIds], S.CreatedAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Listing lab {LabId} failed")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, string labId);
}
