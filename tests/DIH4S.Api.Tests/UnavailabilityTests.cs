using DIH4S.Api.Problems;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Orleans.Storage;

namespace DIH4S.Api.Tests;

/// <summary>Which faults answer 503, and which make a grain reload its state (ADR 0018); no node needed.</summary>
public sealed class UnavailabilityTests
{
    private static SqliteException DatabaseFault() => new("SQLite Error 14: 'unable to open database file'.", 14);

    public static TheoryData<string, Exception> Unavailable() => new()
    {
        { "a database exception", DatabaseFault() },
        { "grain storage's wrapping of one", new OrleansException("Error from storage provider", DatabaseFault()) },
        { "one inside an aggregate", new AggregateException(new InvalidOperationException("other"), new OrleansException("storage", DatabaseFault())) },
        { "a conflict caused by a database fault", new InconsistentStateException("1", "2", DatabaseFault()) },
        { "a database exception Orleans could not rebuild", Fallback("Microsoft.Data.Sqlite.SqliteException,Microsoft.Data.Sqlite") },
        { "a timeout", new TimeoutException("Response did not arrive on time.") },
        { "an unavailable silo", new SiloUnavailableException("The target silo became unavailable.") },
        { "a busy gateway", new GatewayTooBusyException("Too busy.") },
    };

    public static TheoryData<string, Exception> NotUnavailable() => new()
    {
        { "an ETag conflict", new InconsistentStateException("Version conflict (WriteState): ETag=3.") },
        { "an ETag conflict with a timeout inside", new InconsistentStateException("Version conflict.", new TimeoutException()) },
        { "a bug", new InvalidOperationException("Sequence contains no elements.") },
        { "a cancelled request", new OperationCanceledException("The client went away.", new TimeoutException()) },
        { "another exception Orleans could not rebuild", Fallback("System.InvalidOperationException,System.Private.CoreLib") },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void TheseMeanTheStoreOrClusterIsUnavailable(string what, Exception exception) =>
        Unavailability.IsUnavailable(exception).ShouldBeTrue(what);

    [Theory]
    [MemberData(nameof(NotUnavailable))]
    public void TheseDoNot(string what, Exception exception) =>
        Unavailability.IsUnavailable(exception).ShouldBeFalse(what);

    [Fact]
    public void OnlyADatabaseFaultIsAStoreFault()
    {
        Unavailability.IsStoreFault(new OrleansException("storage", DatabaseFault())).ShouldBeTrue();
        Unavailability.IsStoreFault(new TimeoutException()).ShouldBeFalse();
        Unavailability.IsStoreFault(new SiloUnavailableException()).ShouldBeFalse();
    }

    /// <summary>What Orleans' exception codec makes of an exception type it does not rebuild: only the type's name survives.</summary>
    private static UnavailableExceptionFallbackException Fallback(string typeName)
    {
        var fallback = new UnavailableExceptionFallbackException();
        typeof(UnavailableExceptionFallbackException).GetProperty(nameof(UnavailableExceptionFallbackException.ExceptionType))!
            .SetValue(fallback, typeName);
        return fallback;
    }
}
