using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;

namespace SusyTopology.App.Running;

/// <summary>Keeps the first processing failure a stream thread reported (Streamiz only logs it) and lets it fail the thread.</summary>
public sealed class FailureLog(ILogger logger)
{
    private Exception? _first;

    public Exception? First => Volatile.Read(ref _first);

    public ExceptionHandlerResponse Record(Exception exception)
    {
        Interlocked.CompareExchange(ref _first, exception, null);
        logger.LogError(exception, "A stream thread failed");
        return ExceptionHandlerResponse.FAIL;
    }
}
