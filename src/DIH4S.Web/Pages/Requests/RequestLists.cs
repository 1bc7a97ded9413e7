using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Requests;

/// <summary>Which live changes belong on which list of requests.</summary>
public static class RequestLists
{
    /// <summary>
    /// An offer in a partner's inbox: open or escalated and taken by nobody. A change that another
    /// partner took it (or that it ended) makes it leave; one that it became the caller's own does too
    /// (it then lives on the requests list).
    /// </summary>
    public static bool IsOffer(ServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.State is RequestStates.Open or RequestStates.Escalated && request.PartnerId is null;
    }

    /// <summary>
    /// Whether a request belongs on the requests list of <paramref name="me"/> filtered by <paramref name="state"/>
    /// (null: every state). Partners keep only what is offered to them or theirs.
    /// </summary>
    public static bool BelongsToList(Me me, ServiceRequest request, string? state)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(request);
        if (state is not null && request.State != state)
        {
            return false;
        }

        if (me.Has(Roles.Coordinator))
        {
            return true;
        }

        if (me.Has(Roles.Requester) && request.CustomerId == me.OrganizationId)
        {
            return true;
        }

        return me.Has(Roles.PartnerStaff) && (request.PartnerId is null || request.PartnerId == me.OrganizationId);
    }

    /// <summary>Partners able to deliver <paramref name="category"/> (their competences include it); every partner when none is.</summary>
    public static IReadOnlyList<Organization> PartnersFor(IEnumerable<Organization> partners, string? category)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var all = partners.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var fitting = all.Where(p => category is not null && (p.Competences ?? []).Contains(category)).ToList();
        return fitting.Count > 0 ? fitting : all;
    }
}
