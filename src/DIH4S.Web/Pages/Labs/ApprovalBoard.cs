using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Labs;

/// <summary>
/// A lab manager's work on one page: the approval queue (pending bookings of the labs they manage, oldest
/// first), the approved bookings still to come (to check in) and the checked-in ones (to complete). Live
/// changes move a booking between the lists by its state; a change older than one already seen is ignored,
/// so a late message never brings a decided booking back into the queue.
/// </summary>
public sealed class ApprovalBoard(Func<Booking, bool> managed, DateTimeOffset todayStart)
{
    private readonly Dictionary<string, int> _seen = [];

    public List<Booking> Pending { get; } = [];

    public List<Booking> Approved { get; } = [];

    public List<Booking> CheckedIn { get; } = [];

    /// <summary>Replaces the lists with what the server answered.</summary>
    public void Load(IEnumerable<Booking> pending, IEnumerable<Booking> approved, IEnumerable<Booking> checkedIn)
    {
        Pending.Clear();
        Approved.Clear();
        CheckedIn.Clear();
        foreach (var booking in pending.Concat(approved).Concat(checkedIn))
        {
            _seen[booking.Id] = Math.Max(_seen.GetValueOrDefault(booking.Id), booking.Version);
            ListFor(booking)?.Add(booking);
        }

        Sort();
    }

    /// <summary>Applies a live change; true when a list changed.</summary>
    public bool Apply(Booking change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_seen.TryGetValue(change.Id, out var seen) && change.Version <= seen)
        {
            return false;
        }

        _seen[change.Id] = change.Version;
        var target = ListFor(change);
        var changed = false;
        foreach (var list in new[] { Pending, Approved, CheckedIn })
        {
            var effect = LiveItems.Apply(list, change, _ => ReferenceEquals(list, target));
            changed |= effect != LiveItems.Effect.Ignored;
        }

        Sort();
        return changed;
    }

    private List<Booking>? ListFor(Booking booking)
    {
        if (!managed(booking))
        {
            return null;
        }

        return booking.State switch
        {
            BookingStates.Pending => Pending,
            BookingStates.Approved when booking.End >= todayStart => Approved,
            BookingStates.CheckedIn => CheckedIn,
            _ => null,
        };
    }

    private void Sort()
    {
        Pending.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        Approved.Sort((a, b) => a.Start.CompareTo(b.Start));
        CheckedIn.Sort((a, b) => a.Start.CompareTo(b.Start));
    }
}
