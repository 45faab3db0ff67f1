using Streamiz.Kafka.Net;

namespace SusyTopology.App.Running;

/// <summary>A Streamiz client with what the app keeps beside it: its state as last reported, its first failure, its lag probe,
/// its dead-letter producer for undecodable source records.</summary>
public sealed class StreamsApp : IDisposable
{
    private readonly EndOffsetLag _lag;
    private readonly IDisposable? _deadLetters;
    private volatile KafkaStream.State _state = KafkaStream.State.CREATED; // written by Streamiz's threads
    private int _disposed;

    /// <param name="deadLetters">Stopped after the client: what the deserialization handler still has to deliver.</param>
    public StreamsApp(KafkaStream stream, FailureLog failures, EndOffsetLag lag, IDisposable? deadLetters = null)
    {
        _deadLetters = deadLetters;
        Stream = stream;
        Failures = failures;
        _lag = lag;
        stream.StateChanged += (_, now) => _state = now;
    }

    public KafkaStream Stream { get; }
    public FailureLog Failures { get; }

    /// <summary>The client's state as of its last transition.</summary>
    public KafkaStream.State State => _state;

    /// <summary>Stops the client (waiting for its threads), the dead-letter producer and the lag probe; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Stream.Dispose();
        _deadLetters?.Dispose();
        _lag.Dispose();
    }
}
