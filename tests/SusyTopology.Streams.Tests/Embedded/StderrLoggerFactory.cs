using Microsoft.Extensions.Logging;

namespace SusyTopology.Streams.Tests.Embedded;

/// <summary>Runtime logs on stderr when SUSY_STREAMS_TEST_LOG=1: the quickest way to see why an integration test hangs.</summary>
public sealed class StderrLoggerFactory : ILoggerFactory
{
    public static ILoggerFactory FromEnvironment() =>
        Environment.GetEnvironmentVariable("SUSY_STREAMS_TEST_LOG") == "1"
            ? new StderrLoggerFactory()
            : Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class StderrLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
