using Streamiz.Kafka.Net;

namespace SusyTopology.App.Running;

/// <summary>A Streamiz client with what the app keeps beside it: its state as last reported, its first failure, its lag probe.</summary>
public sealed class StreamsApp : IDisposable
{
    private readonly EndOffsetLag _lag;
    private volatile KafkaStream.State _state = KafkaStream.State.CREATED; // written by Streamiz's threads
    private int _disposed;

    public StreamsApp(KafkaStream stream, FailureLog failures, EndOffsetLag lag)
    {
        Stream = stream;
        Failures = failures;
        _lag = lag;
        stream.StateChanged += (_, now) => _state = now;
    }

    public KafkaStream Stream { get; }
    public FailureLog Failures { get; }

    /// <summary>The client's state as of its last transition.</summary>
    public KafkaStream.State State => _state;

    /// <summary>Stops the client (waiting for its threads) and the lag probe; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Stream.Dispose();
        _lag.Dispose();
    }
}
