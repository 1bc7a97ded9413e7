using System.Security.Claims;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Catalogue;
using DIH4S.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DIH4S.Api.Endpoints;

public sealed record CreateServiceBody(string? Code, string? Title, string? Family, string? Category, string? Description);

/// <summary>The service catalogue.</summary>
public static class ServicesApi
{
    public static IEndpointRouteBuilder MapServicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/services").WithTags("Catalogue").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithName("CreateService").WithSummary("Add a service to the catalogue.");
        group.MapGet("/", ListAsync).WithName("ListServices").WithSummary("The catalogue.");
        group.MapGet("/{code}", GetAsync).WithName("GetService").WithSummary("One service of the catalogue.");
        return app;
    }

    public static async Task<Results<Created<CatalogueService>, ProblemHttpResult>> CreateAsync(
        CreateServiceBody? body, ClaimsPrincipal user, IGrainFactory grains, DeskClock clock)
    {
        if (!user.ToActor().IsCoordinator)
        {
            return DeskResults.Forbidden("Only coordinators edit the catalogue.");
        }

        var validation = new Validation()
            .Slug(body?.Code, "code")
            .Text(body?.Title, "title", 200)
            .OneOf(body?.Family, "family", [.. ServiceFamilies.All])
            .Slug(body?.Category, "category")
            .Text(body?.Description, "description", 10_000, required: false);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var service = new CatalogueService(body!.Code!, body.Title!.Trim(), body.Family!, body.Category!, body.Description?.Trim(), clock.UtcNow);
        var added = await grains.GetGrain<IServiceCatalogGrain>(0).AddAsync(service);
        return added.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/services/{service.Code}", added.Value);
    }

    public static async Task<Results<Ok<PageOf<CatalogueService>>, ProblemHttpResult>> ListAsync(
        IGrainFactory grains, int? page, int? pageSize, string? category, string? family)
    {
        var validation = new Validation();
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var services = await grains.GetGrain<IServiceCatalogGrain>(0).ListAsync();
        return TypedResults.Ok(paging.Slice([.. services
            .Where(s => category is null || s.Category == category)
            .Where(s => family is null || s.Family == family)]));
    }

    public static async Task<Results<Ok<CatalogueService>, ProblemHttpResult>> GetAsync(string code, IGrainFactory grains) =>
        await grains.GetGrain<IServiceCatalogGrain>(0).GetAsync(code) is { } service
            ? TypedResults.Ok(service)
            : DeskResults.NotFound("Service");
}
