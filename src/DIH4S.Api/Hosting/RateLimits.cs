using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Grains;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Hosting;

/// <summary>How often one client address may try to sign in.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Login and refresh attempts per client address per minute (beyond: 429).</summary>
    public int SignInPerMinute { get; set; } = 30;
}

/// <summary>Rate limits: sign-in attempts per client address, answered with 429 problem+json.</summary>
public static class RateLimits
{
    /// <summary>The policy name the identity endpoints require.</summary>
    public const string SignIn = "sign-in";

    public static IServiceCollection AddDeskRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.SignInPerMinute > 0, "RateLimits:SignInPerMinute must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.SignInPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ClientKey(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
            });
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(WritesPartition);
            limiter.OnRejected = WriteProblemAsync;
        });
        return services;
    }

    /// <summary>
    /// Changes per signed-in person per minute (<see cref="QuotaOptions.WritesPerMinute"/>, on each node): every
    /// POST, PUT, PATCH and DELETE under <c>/api</c> but signing in and out. Reads and anonymous calls are not counted here.
    /// </summary>
    private static RateLimitPartition<string> WritesPartition(HttpContext context)
    {
        var request = context.Request;
        var isWrite = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if (!isWrite || !request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/api/auth")
            || context.User.FindFirstValue(DeskClaims.UserId) is not { } userId)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        context.Items[WritesKey] = true;
        var permits = context.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value.WritesPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(
            $"writes:{userId}", _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
    }

    private static readonly object WritesKey = new();

    /// <summary>
    /// The partition of a per-client limit: the client's address, which is the real client's behind a configured
    /// proxy (forwarded headers are applied before the rate limiter, <see cref="EdgeHosting"/>).
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>
    /// The one writer of every limiter's refusal (<see cref="RateLimiterOptions.OnRejected"/> serves all policies):
    /// 429 problem+json with <c>Retry-After</c>, titled for the policy that refused.
    /// </summary>
    private static async ValueTask WriteProblemAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.WriteProblemAsync(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignIn
                ? "Too many sign-in attempts."
                : http.Items.ContainsKey(WritesKey) ? "Too many changes in a minute." : "Too many requests.",
            Detail = $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
        });
    }
}
