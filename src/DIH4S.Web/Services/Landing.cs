namespace DIH4S.Web.Services;

/// <summary>Where each person lands after signing in: on their own work (issue 8).</summary>
public static class Landing
{
    public const string Offers = "/offers";
    public const string Requests = "/requests";
    public const string Approvals = "/labs/approvals";
    public const string MyTrainings = "/trainings/mine";
    public const string Escalated = "/requests/escalated";
    public const string Account = "/account";

    /// <summary>The landing page of a person holding <paramref name="roles"/>; the most hub-wide role wins.</summary>
    public static string For(IReadOnlyCollection<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Contains(Roles.Coordinator) ? Escalated
            : roles.Contains(Roles.PartnerStaff) ? Offers
            : roles.Contains(Roles.LabManager) ? Approvals
            : roles.Contains(Roles.Trainer) ? MyTrainings
            : roles.Contains(Roles.Requester) ? Requests
            : Account;
    }
}
