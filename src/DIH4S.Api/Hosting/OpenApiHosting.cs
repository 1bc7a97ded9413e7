using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DIH4S.Api.Hosting;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, for partner systems that generate a client from it: the
/// desk's name, and the bearer token every operation needs unless it allows anonymous callers.
/// </summary>
public static class OpenApiHosting
{
    /// <summary>Where each OpenAPI document is served; the desk has one, <c>v1</c>.</summary>
    public const string RoutePattern = "/openapi/{documentName}.json";

    public const string DocumentPath = "/openapi/v1.json";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddDeskOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(DescribeAsync);
            options.AddOperationTransformer(RequireTokenAsync);
        });

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "DIH4S Desk API",
            Version = "v1",
            Description = "Service requests, lab bookings and training seats of a Digital Innovation Hub. Errors are "
                + "problem+json (RFC 9457); live changes come through the SignalR hub at /hubs/desk.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The accessToken of POST /api/auth/login or POST /api/auth/refresh.",
        };
        return Task.CompletedTask;
    }

    private static Task RequireTokenAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }
}
