using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DIH4S.Api.Tests.Trainings;

/// <summary>
/// The trainings tests move the business clock by hours and days. They run on a node of their own, so
/// the service-request tests keep the Tuesday-morning business hours they count on, and both
/// collections run side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TrainingsCollection : ICollectionFixture<DeskFixture>
{
    public const string Name = "trainings";
}

/// <summary>The people of one trainings test: a coordinator, a partner's trainer and attendees from a customer.</summary>
public sealed record TrainingCast(DeskClient Coordinator, DeskClient Trainer, IReadOnlyList<DeskClient> Attendees)
{
    public static async Task<TrainingCast> SetUpAsync(WebApplicationFactory<Program> node, int attendees)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var coordinator = await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var partnerId = await Cast.NewOrganizationAsync(coordinator, $"Training partner {tag}", "partner");
        var trainer = await Cast.NewMemberAsync(node, coordinator, partnerId, $"trainer-{tag}@partner.test", "trainer");
        var customerId = await Cast.NewOrganizationAsync(coordinator, $"Trainees {tag}", "sme");
        var people = new List<DeskClient>();
        for (var i = 0; i < attendees; i++)
        {
            people.Add(await Cast.NewMemberAsync(node, coordinator, customerId, $"trainee{i}-{tag}@sme.test", "requester"));
        }

        return new TrainingCast(coordinator, trainer, people);
    }

    /// <summary>The trainer schedules a three-hour training; returns it.</summary>
    public Task<JsonElement> ScheduleAsync(DateTimeOffset start, int capacity, DateTimeOffset? cancellationDeadline = null) =>
        Trainer.PostOkAsync("/api/trainings", new
        {
            title = "OT security for small factories",
            start,
            end = start.AddHours(3),
            capacity,
            location = "UTCN, room 40",
            cancellationDeadline,
        });

    /// <summary>Each attendee in turn reserves a seat; returns the seats in that order.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReserveInTurnAsync(string trainingId, int count)
    {
        var seats = new List<JsonElement>();
        foreach (var attendee in Attendees.Take(count))
        {
            seats.Add(await attendee.PostOkAsync($"/api/trainings/{trainingId}/seats"));
        }

        return seats;
    }
}

/// <summary>Reading the JSON of trainings and seats.</summary>
public static class TrainingJson
{
    public static string Id(this JsonElement item) => item.GetProperty("id").GetString()!;

    public static string State(this JsonElement seat) => seat.GetProperty("state").GetString()!;

    public static int Version(this JsonElement item) => item.GetProperty("version").GetInt32();

    public static int? Position(this JsonElement seat) =>
        seat.GetProperty("waitlistPosition") is { ValueKind: JsonValueKind.Number } position ? position.GetInt32() : null;

    public static int Int(this JsonElement item, string property) => item.GetProperty(property).GetInt32();

    public static IEnumerable<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();
}
