using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// Opt-in diagnostics: with <c>DESK_TEST_LOGS=&lt;folder&gt;</c> every test node writes its log to a file
/// there (Information and above, Orleans included), for investigating a failure after the fact.
/// </summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    public const string Variable = "DESK_TEST_LOGS";

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose() => Flush();

    private void Write(string line)
    {
        _lines.Enqueue(line);
        if (_lines.Count > 200)
        {
            Flush();
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            var batch = new List<string>();
            while (_lines.TryDequeue(out var line))
            {
                batch.Add(line);
            }

            File.AppendAllLines(path, batch);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
