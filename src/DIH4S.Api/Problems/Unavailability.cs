using System.Data.Common;
using Orleans.Serialization;
using Orleans.Storage;

namespace DIH4S.Api.Problems;

/// <summary>
/// Tells faults that mean "the store or the cluster cannot be reached right now" (worth retrying in a few
/// seconds) from every other failure (ADR 0018). The whole exception chain is searched: inner exceptions,
/// the members of an <see cref="AggregateException"/>, and what Orleans wraps around a fault that crossed
/// a grain boundary (<see cref="OrleansException"/> from grain storage, or
/// <see cref="UnavailableExceptionFallbackException"/> for a type it would not rebuild).
/// </summary>
public static class Unavailability
{
    /// <summary>How deep into a chain the search goes; a chain is never cyclic, but it is not ours to trust.</summary>
    private const int MaxDepth = 32;

    /// <summary>
    /// Whether <paramref name="exception"/> means the store or the cluster is unavailable: a
    /// <see cref="DbException"/> anywhere in the chain, a timeout, or Orleans saying a silo or the cluster
    /// cannot be reached (<see cref="SiloUnavailableException"/>, <see cref="OrleansMessageRejectionException"/>,
    /// <see cref="GatewayTooBusyException"/>). A concurrency conflict (<see cref="InconsistentStateException"/>) is not
    /// unavailability unless a database fault caused it.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var chain = Chain(exception).ToList();
        if (chain.Any(IsDatabaseFault))
        {
            return true;
        }

        if (chain.Any(e => e is InconsistentStateException or OperationCanceledException))
        {
            return false;
        }

        // SiloUnavailableException is an OrleansMessageRejectionException. Orleans 10 has no
        // ConnectionToClusterLostException any more: a client that lost its gateways is refused with these.
        return chain.Any(e => e is TimeoutException or OrleansMessageRejectionException or GatewayTooBusyException);
    }

    /// <summary>Whether a <see cref="DbException"/> (or Orleans' stand-in for one) is anywhere in the chain.</summary>
    public static bool IsStoreFault(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Chain(exception).Any(IsDatabaseFault);
    }

    private static bool IsDatabaseFault(Exception exception) => exception switch
    {
        DbException => true,
        UnavailableExceptionFallbackException fallback => NamesDatabaseException(fallback.ExceptionType),
        _ => false,
    };

    /// <summary>
    /// Orleans rebuilds an exception of a type it does not serialize (Npgsql's, by default) as a fallback
    /// that keeps only the type's name (<c>Namespace.Type,Assembly</c>): resolved here, as the node has
    /// the same assemblies loaded.
    /// </summary>
    private static bool NamesDatabaseException(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName))
        {
            return false;
        }

        try
        {
            return Type.GetType(typeName, throwOnError: false) is { } type && type.IsAssignableTo(typeof(DbException));
        }
        catch (Exception e) when (e is ArgumentException or IOException or BadImageFormatException or TypeLoadException)
        {
            return false;
        }
    }

    private static IEnumerable<Exception> Chain(Exception root)
    {
        var pending = new Stack<(Exception Exception, int Depth)>();
        pending.Push((root, 0));
        while (pending.TryPop(out var item))
        {
            yield return item.Exception;
            if (item.Depth >= MaxDepth)
            {
                continue;
            }

            if (item.Exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push((inner, item.Depth + 1));
                }
            }
            else if (item.Exception.InnerException is { } inner)
            {
                pending.Push((inner, item.Depth + 1));
            }
        }
    }
}
