using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Labs;

/// <summary>The names of the equipment a page's bookings refer to, each read once.</summary>
public sealed class EquipmentNames(DeskApiClient api)
{
    private readonly Dictionary<string, string> _names = [];

    /// <summary>Reads the names not known yet; equipment that cannot be read shows its id.</summary>
    public async Task FillAsync(IEnumerable<string> equipmentIds)
    {
        var missing = equipmentIds.Distinct().Where(id => !_names.ContainsKey(id)).ToList();
        var read = await Task.WhenAll(missing.Select(async id =>
        {
            try
            {
                return (Id: id, Name: (await api.EquipmentAsync(id)).Name);
            }
            catch (ApiProblem)
            {
                return (Id: id, Name: id);
            }
            catch (DeskUnreachable)
            {
                return (Id: id, Name: (string?)null);
            }
        }));
        foreach (var (id, name) in read)
        {
            if (name is not null)
            {
                _names[id] = name;
            }
        }
    }

    public string Of(string equipmentId) => _names.GetValueOrDefault(equipmentId, equipmentId);
}
