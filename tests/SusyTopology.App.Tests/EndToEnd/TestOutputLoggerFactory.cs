using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// The runtime's Information-and-above log lines in the test's output, which xunit prints when the test fails: on a
/// shared CI machine the rebalances and refused commits are what explain a failure.
/// </summary>
public sealed class TestOutputLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new OutputLogger(output, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class OutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception?.Message}");
            }
            catch (InvalidOperationException)
            {
                // A background thread logging after the test ended: xunit refuses output then.
            }
        }
    }
}
