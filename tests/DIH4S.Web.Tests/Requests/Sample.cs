using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Requests;

/// <summary>Requests, services and people as the request tests need them.</summary>
internal static class Sample
{
    public const string Customer = "org_bakery";
    public const string Partner = "org_utcn";
    public const string OtherPartner = "org_tuiasi";

    public static readonly DateTimeOffset Submitted = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    public static ServiceRequest Request(
        string id, int version = 1, string state = RequestStates.Open, string? partnerId = null, string title = "Audit our shop's network") =>
        new(id, "cyber-audit", "cybersecurity", title, "We need a security audit.", state, version, Customer, "usr_ana", partnerId,
            Submitted, Submitted.AddMinutes(version), Submitted.AddHours(8), null, null, null, null);

    public static Me Person(string role, string organizationId) => new("usr_me", "me@desk.test", "Me", organizationId, [role]);

    public static CatalogueService Service(string code = "cyber-audit", string family = "test-before-invest", string category = "cybersecurity", string title = "Cybersecurity audit") =>
        new(code, title, family, category, $"About {title}");

    public static HistoryEntry History(int version, string action, string? from, string to, string? note = null) =>
        new(version, Submitted.AddMinutes(version), "usr_x", action, from, to, note);
}
