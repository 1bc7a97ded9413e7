using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Tests.Cluster;

public static class Submissions
{
    public const string ServiceCode = "tbi-ai-readiness";
    public const string Category = "artificial-intelligence";

    public static RequestSubmission Offering(IReadOnlyList<string> partnerIds) =>
        new(ServiceCode, Category, "AI readiness assessment", "We would like to know where AI could help our plant.", partnerIds);

    /// <summary>Submits a new request (fresh id) offered to the partners and returns its grain and first view.</summary>
    public static async Task<(IServiceRequestGrain Grain, RequestView View)> SubmitNewAsync(
        this IGrainFactory grains, Actor requester, IReadOnlyList<string> partnerIds)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var grain = grains.GetGrain<IServiceRequestGrain>(People.NewId("req"));
        var view = (await grain.SubmitAsync(requester, Offering(partnerIds))).ShouldSucceed();
        return (grain, view);
    }
}
