using System.Security.Claims;
using DIH4S.Api.Hosting;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Catalogue;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DIH4S.Api.Endpoints;

public sealed record SubmitRequestBody(string? ServiceCode, string? Title, string? Description);

public sealed record ReasonBody(string? Reason);

public sealed record AssignBody(string? PartnerId);

public sealed record QuestionBody(string? Question);

public sealed record AnswerBody(string? Answer);

public sealed record SummaryBody(string? Summary);

public sealed record CloseBody(int? Rating, string? Comment);

public sealed record CommentBody(string? Text, bool? Internal);

/// <summary>Service requests: submission, the lifecycle actions, lists, comments and history.</summary>
public static class RequestsApi
{
    private const int TitleMax = 200;
    private const int TextMax = 10_000;
    private const int NoteMax = 4_000;

    private static readonly Dictionary<string, RequestState> States =
        Enum.GetValues<RequestState>().ToDictionary(s => Grains.Requests.RequestRules.Kebab(s));

    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/requests").WithTags("Service requests").RequireAuthorization();
        group.MapPost("/", SubmitAsync).WithName("SubmitRequest").WithSummary("Request a service from the catalogue.");
        group.MapGet("/", ListAsync).WithName("ListRequests").WithSummary("Requests the caller may see, newest first.");
        group.MapGet("/{id}", GetAsync).WithName("GetRequest").WithSummary("One request.");
        group.MapGet("/{id}/history", HistoryAsync).WithName("RequestHistory").WithSummary("One entry per version.");
        group.MapGet("/{id}/comments", CommentsAsync).WithName("ListComments").WithSummary("Comments the caller may read.");
        group.MapPost("/{id}/comments", CommentAsync).RequireCommentQuota().WithName("AddComment").WithSummary("Add a public or internal comment.");

        group.MapPost("/{id}/accept", AcceptAsync).TakesNoBody().WithName("AcceptRequest").WithSummary("Take an open request (first partner wins).");
        group.MapPost("/{id}/decline", DeclineAsync).WithName("DeclineRequest").WithSummary("Turn an offer down.");
        group.MapPost("/{id}/assign", AssignAsync).WithName("AssignRequest").WithSummary("Give the request to a partner.");
        group.MapPost("/{id}/start", StartAsync).TakesNoBody().WithName("StartRequest").WithSummary("Start the work.");
        group.MapPost("/{id}/wait-on-customer", WaitOnCustomerAsync).WithName("WaitOnCustomer").WithSummary("Ask the customer; pauses the SLA.");
        group.MapPost("/{id}/resume", ResumeAsync).WithName("ResumeRequest").WithSummary("Resume after waiting on the customer.");
        group.MapPost("/{id}/deliver", DeliverAsync).WithName("DeliverRequest").WithSummary("Deliver the service.");
        group.MapPost("/{id}/reopen", ReopenAsync).WithName("ReopenRequest").WithSummary("Reject the delivery.");
        group.MapPost("/{id}/close", CloseAsync).WithName("CloseRequest").WithSummary("Confirm and rate the delivery.");
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelRequest").WithSummary("Withdraw the request.");
        return app;
    }

    public static async Task<Results<Created<RequestView>, ProblemHttpResult>> SubmitAsync(
        SubmitRequestBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor();
        if (!actor.Has(DeskRoles.Requester))
        {
            return DeskResults.Forbidden("Only requesters of a customer organization submit service requests.");
        }

        var validation = new Validation()
            .Slug(body?.ServiceCode, "serviceCode")
            .Text(body?.Title, "title", TitleMax)
            .Text(body?.Description, "description", TextMax);
        var service = validation.Failed ? null : await grains.GetGrain<IServiceCatalogGrain>(0).GetAsync(body!.ServiceCode!);
        validation.Check(validation.Failed || service is not null, "serviceCode", "No service of the catalogue has this code.");
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var partners = await grains.GetGrain<IOrganizationRegistryGrain>(0).PartnersForCategoryAsync(service!.Category);
        var id = $"req_{Guid.NewGuid():N}";
        var submitted = await grains.GetGrain<IServiceRequestGrain>(id).SubmitAsync(
            actor, new RequestSubmission(service.Code, service.Category, body!.Title!.Trim(), body.Description!.Trim(), partners));
        return submitted.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/requests/{id}", submitted.Value);
    }

    public static async Task<Results<Ok<PageOf<RequestView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IDeskLists lists, string? state, int? page, int? pageSize)
    {
        var validation = new Validation().OneOf(state, "state", States.Keys, required: false);
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        // One query of the read model: the audience decides what the caller may list (ADR 0017).
        var actor = user.ToActor();
        var audience = actor.IsCoordinator ? ListKeys.All : ListKeys.Organization(actor.OrganizationId);
        var stored = await lists.PageAsync(ListKeys.Requests, [audience], state, paging.Page, paging.PageSize);
        return TypedResults.Ok(ListJson.Read<RequestView>(stored));
    }

    public static async Task<Results<Ok<RequestView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        Respond(await grains.GetGrain<IServiceRequestGrain>(id).GetAsync(user.ToActor()));

    public static async Task<Results<Ok<PageOf<HistoryEntry>>, ProblemHttpResult>> HistoryAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize) =>
        await Paging.PageAsync(page, pageSize, paging => grains.GetGrain<IServiceRequestGrain>(id).GetHistoryAsync(user.ToActor(), paging.Page, paging.PageSize));

    public static async Task<Results<Ok<PageOf<RequestComment>>, ProblemHttpResult>> CommentsAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize) =>
        await Paging.PageAsync(page, pageSize, paging => grains.GetGrain<IServiceRequestGrain>(id).GetCommentsAsync(user.ToActor(), paging.Page, paging.PageSize));

    public static async Task<Results<Created<RequestComment>, ProblemHttpResult>> CommentAsync(
        string id, CommentBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Text(body?.Text, "text", TextMax);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var added = await grains.GetGrain<IServiceRequestGrain>(id).AddCommentAsync(user.ToActor(), body!.Text!.Trim(), body.Internal ?? false);
        return added.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/requests/{id}/comments/{added.Value!.Id}", added.Value);
    }

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> AcceptAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new AcceptRequest());

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> StartAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new StartRequest());

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> DeclineAsync(
        string id, ReasonBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Reason, "reason", NoteMax), () => new DeclineRequest(body!.Reason!.Trim()));

    public static async Task<Results<Ok<RequestView>, ProblemHttpResult>> AssignAsync(
        string id, AssignBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Text(body?.PartnerId, "partnerId", 100);
        if (!validation.Failed && user.ToActor().IsCoordinator)
        {
            var partner = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(body!.PartnerId!);
            validation.Check(partner?.Kind == OrganizationKind.Partner, "partnerId", "No partner organization has this id.");
        }

        return await ActAsync(id, user, grains, validation, () => new AssignRequest(body!.PartnerId!));
    }

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> WaitOnCustomerAsync(
        string id, QuestionBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Question, "question", NoteMax), () => new WaitOnCustomer(body!.Question!.Trim()));

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> ResumeAsync(
        string id, AnswerBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Answer, "answer", NoteMax, required: false),
            () => new ResumeRequest(string.IsNullOrWhiteSpace(body?.Answer) ? null : body.Answer.Trim()));

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> DeliverAsync(
        string id, SummaryBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Summary, "summary", TextMax), () => new DeliverRequest(body!.Summary!.Trim()));

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> ReopenAsync(
        string id, ReasonBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Reason, "reason", NoteMax), () => new ReopenRequest(body!.Reason!.Trim()));

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> CloseAsync(
        string id, CloseBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains,
            new Validation()
                .Check(body?.Rating is >= 1 and <= 5, "rating", "'rating' is required: a whole number from 1 to 5.")
                .Text(body?.Comment, "comment", NoteMax, required: false),
            () => new CloseRequest(body!.Rating!.Value, string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim()));

    public static Task<Results<Ok<RequestView>, ProblemHttpResult>> CancelAsync(
        string id, ReasonBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Reason, "reason", NoteMax), () => new CancelRequest(body!.Reason!.Trim()));

    private static Task<Results<Ok<RequestView>, ProblemHttpResult>> ActAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, RequestCommand command) =>
        ActAsync(id, user, grains, new Validation(), () => command);

    private static async Task<Results<Ok<RequestView>, ProblemHttpResult>> ActAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, Validation validation, Func<RequestCommand> command)
    {
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        return Respond(await grains.GetGrain<IServiceRequestGrain>(id).ActAsync(user.ToActor(), command()));
    }

    private static Results<Ok<RequestView>, ProblemHttpResult> Respond(Outcome<RequestView> outcome) =>
        outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(outcome.Value!);
}
