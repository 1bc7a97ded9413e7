using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Labs;

/// <summary>
/// Which booking actions a person is offered, as the API decides them: the lab's managers (and coordinators)
/// approve or reject a pending booking, check in an approved one and complete a checked-in one; the booker
/// (and coordinators) may withdraw a booking while it is pending or approved.
/// </summary>
public static class BookingActions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Cancel = "cancel";
    public const string CheckIn = "check-in";
    public const string Complete = "complete";

    /// <summary>Whether <paramref name="me"/> manages <paramref name="lab"/>: one of its lab managers, or a coordinator.</summary>
    public static bool Manages(Me me, Lab? lab)
    {
        ArgumentNullException.ThrowIfNull(me);
        return me.Has(Roles.Coordinator) || (lab is not null && me.Has(Roles.LabManager) && lab.ManagerIds.Contains(me.UserId));
    }

    /// <summary>The actions, in the order the page shows them, that <paramref name="me"/> may take on <paramref name="booking"/>.</summary>
    /// <param name="booking">The booking as last read.</param>
    /// <param name="me">The person at the screen.</param>
    /// <param name="managesLab">Whether <paramref name="me"/> manages the booking's lab (see <see cref="Manages"/>).</param>
    public static IReadOnlyList<string> For(Booking booking, Me me, bool managesLab)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(me);
        var mayWithdraw = booking.BookerId == me.UserId || me.Has(Roles.Coordinator);
        List<string> actions = [];
        switch (booking.State)
        {
            case BookingStates.Pending:
                if (managesLab)
                {
                    actions.Add(Approve);
                    actions.Add(Reject);
                }

                if (mayWithdraw)
                {
                    actions.Add(Cancel);
                }

                break;
            case BookingStates.Approved:
                if (managesLab)
                {
                    actions.Add(CheckIn);
                }

                if (mayWithdraw)
                {
                    actions.Add(Cancel);
                }

                break;
            case BookingStates.CheckedIn when managesLab:
                actions.Add(Complete);
                break;
            default:
                break;
        }

        return actions;
    }

    /// <summary>Whether the action needs a reason from the person (reject, cancel).</summary>
    public static bool NeedsReason(string action) => action is Reject or Cancel;
}
