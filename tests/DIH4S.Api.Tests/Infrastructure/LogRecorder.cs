using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>Keeps what a node logs, for tests of what it says (its start-up notices).</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    /// <summary>The messages of this level and above.</summary>
    public IReadOnlyList<string> Messages(LogLevel atLeast = LogLevel.Information) =>
        [.. _entries.Where(e => e.Level >= atLeast).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
