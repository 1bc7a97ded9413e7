using System.Globalization;
using System.Threading.RateLimiting;
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
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
            });
            limiter.OnRejected = WriteProblemAsync;
        });
        return services;
    }

    private static async ValueTask WriteProblemAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many sign-in attempts.",
                Detail = $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
            },
        });
    }
}
