using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.Logging;

namespace DIH4S.Grains.Labs;

/// <summary>One lab: its partner, managers and the list of its equipment. Listed for everyone and for each of its managers (ADR 0017).</summary>
public sealed class LabGrain(
    [PersistentState("lab", DeskStorage.Name)] IPersistentState<LabState> store,
    IDeskLists lists,
    ILogger<LabGrain> logger) : Grain, ILabGrain
{
    private readonly ListRecorder _recorder = new(lists, logger);

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
        await _recorder.RecordAsync(this, Listing);
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

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists)
        {
            await _recorder.CatchUpAsync(this, Listing);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>A lab does not change once created: its one version, listed for everyone and for its managers.</summary>
    private ListRecord Listing() => new(
        ListKeys.Labs, Id, 1, "active", S.CreatedAt, [ListKeys.All, .. S.ManagerIds.Select(ListKeys.Manager)], ListJson.Write(View()), []);

    private LabView View() => new(Id, S.Name, S.PartnerId, [.. S.ManagerIds], S.CreatedAt);
}
