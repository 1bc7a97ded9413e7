using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Trainings;

/// <summary>Trainings and seats as the API answers them, around the test clock (24 November 2026, 08:00 UTC).</summary>
internal static class TrainingData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    public static Training Training(
        string id = "trn_1", int capacity = 2, int confirmed = 0, int waitlisted = 0, int version = 1, string? trainerId = "usr_trainer",
        DateTimeOffset? start = null, string title = "Safe use of the 3D printer")
    {
        var begins = start ?? Now.AddDays(2);
        return new Training(
            id, title, "Hands-on.", begins, begins.AddHours(2), capacity, "UTCN, room 40", begins.AddDays(-1), begins.AddHours(-1),
            trainerId, "org_partner", confirmed, waitlisted, version, Now.AddDays(-1), Now.AddDays(-1));
    }

    public static Seat Seat(
        string id, string userId, string state, int version = 1, int? position = null, string trainingId = "trn_1", int reservedMinutesAgo = 60) =>
        new(id, trainingId, userId, state, position, version, Now.AddMinutes(-reservedMinutesAgo), Now);
}
