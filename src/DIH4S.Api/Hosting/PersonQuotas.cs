using System.Globalization;
using System.Security.Claims;
using DIH4S.Api.Identity;
using DIH4S.Grains;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Hosting;

/// <summary>
/// Hourly quotas of one person, counted cluster-wide by <see cref="IPersonQuotaGrain"/> on the desk's clock:
/// a route that takes one answers 429 problem+json with <c>Retry-After</c> once it is used up.
/// </summary>
public static class PersonQuotas
{
    /// <summary>Comments written, across all requests.</summary>
    public static RouteHandlerBuilder RequireCommentQuota(this RouteHandlerBuilder route) =>
        route.RequireQuota("comments", o => o.CommentsPerUserPerHour, "Too many comments in an hour.", "comments");

    /// <summary>Seat reservations and cancellations together.</summary>
    public static RouteHandlerBuilder RequireSeatChangeQuota(this RouteHandlerBuilder route) =>
        route.RequireQuota("seat-changes", o => o.SeatChangesPerUserPerHour, "Too many seat reservations and cancellations in an hour.", "seat changes");

    private static RouteHandlerBuilder RequireQuota(
        this RouteHandlerBuilder route, string quota, Func<QuotaOptions, int> limitOf, string title, string what) =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.FindFirstValue(DeskClaims.UserId) is not { } userId)
            {
                return await next(context);
            }

            var limit = limitOf(http.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value);
            var answer = await http.RequestServices.GetRequiredService<IGrainFactory>()
                .GetGrain<IPersonQuotaGrain>(userId).TryTakeAsync(quota, limit, TimeSpan.FromHours(1));
            if (answer.Allowed)
            {
                return await next(context);
            }

            var seconds = Math.Max(1, (int)Math.Ceiling(answer.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: title,
                detail: $"At most {limit} {what} per person per hour; try again in {Math.Ceiling(seconds / 60.0)} minutes.");
        });
}
