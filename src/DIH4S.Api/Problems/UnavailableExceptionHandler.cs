using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DIH4S.Api.Problems;

/// <summary>
/// A fault that means the database or the cluster cannot be reached right now
/// (<see cref="Unavailability.IsUnavailable"/>) answers 503 problem+json with <c>Retry-After</c>, not 500:
/// the client may retry the same request in a few seconds (ADR 0018). Anything else is left to the
/// next handler. Hub method failures never come here: SignalR reports them on the connection.
/// </summary>
internal sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public const string Title = "The desk's database is not reachable right now; try again in a few seconds.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Response.HasStarted || !Unavailability.IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Title,
                Detail = "Retry in a few seconds. Before repeating a change, read the item: a change cut short by the fault is either made whole or not at all.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: the database or the cluster is unavailable ({ExceptionType}: {Reason}).")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string exceptionType, string reason);
}
