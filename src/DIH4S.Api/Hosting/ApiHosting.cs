using System.Text.Json;
using System.Text.Json.Serialization;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DIH4S.Api.Hosting;

/// <summary>HTTP concerns: JSON, problem details, OpenAPI, SignalR.</summary>
public static class ApiHosting
{
    /// <summary>Largest request body accepted (413 beyond).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>JSON as the API speaks it: camelCase, enums as kebab-case strings.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    /// <summary>Where the desk listens unless ASPNETCORE_URLS, --urls or Kestrel settings say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddDeskApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!ListenAddressConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddDeskEdge();
        var services = builder.Services;
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section)
            .Validate(o => o.IsValid(), "Desk:PublicUrl must be an absolute http or https URL without query or fragment, e.g. https://desk.example.org/.")
            .ValidateOnStart();
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // The store or the cluster away: 503 with Retry-After, and no grain keeps a change it could not write (ADR 0018).
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.AddSingleton<IIncomingGrainCallFilter, StoreFaultDeactivation>();
        services.AddDeskOpenApi();
        services.AddDeskRateLimits();
        services.AddSignalR().AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        return builder;
    }

    private static bool ListenAddressConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();

    /// <summary>
    /// API.md: action bodies are accepted "with or without a content type". A POST to the API that
    /// names no media type is read as JSON, so <c>{}</c> sent bare binds like <c>{}</c> sent as JSON.
    /// </summary>
    private static Task DefaultToJson(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && string.IsNullOrEmpty(request.ContentType)
            && request.Path.StartsWithSegments("/api"))
        {
            request.ContentType = "application/json";
        }

        return next(context);
    }

    /// <summary>
    /// API.md writes list routes as <c>?state=&amp;page=&amp;pageSize=</c>: a query parameter sent empty
    /// means the same as one not sent (its default), as it does for forms.
    /// </summary>
    private static Task EmptyQueryMeansDefault(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && request.Query.Any(p => string.IsNullOrWhiteSpace(p.Value)))
        {
            request.QueryString = QueryString.Create(request.Query
                .Where(p => !string.IsNullOrWhiteSpace(p.Value))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))));
        }

        return next(context);
    }

    public static WebApplication UseDeskPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDeskEdge();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(DefaultToJson);
        app.Use(EmptyQueryMeansDefault);
        app.UseDeskCors();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: the writes quota counts per signed-in person
        app.UseMustChangePasswordGate();
        app.UseAuthorization();
        app.UseDeskInputGuards();
        app.MapOpenApi(OpenApiHosting.RoutePattern);
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithName("Health").ExcludeFromDescription();
        return app;
    }
}
