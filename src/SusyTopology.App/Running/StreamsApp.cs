using Streamiz.Kafka.Net;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Running;

/// <summary>A Streamiz client with what the app keeps beside it: its state as last reported, its first failure, its lag
/// probe, the model its scorers use, and its dead-letter producer for undecodable source records.</summary>
public sealed class StreamsApp : IDisposable
{
    private readonly EndOffsetLag _lag;
    private readonly ModelHolder _models;
    private readonly IDisposable? _deadLetters;
    private volatile KafkaStream.State _state = KafkaStream.State.CREATED; // written by Streamiz's threads
    private int _disposed;

    /// <param name="deadLetters">Stopped after the client: what the deserialization handler still has to deliver.</param>
    public StreamsApp(KafkaStream stream, FailureLog failures, EndOffsetLag lag, ModelHolder models, IDisposable? deadLetters = null)
    {
        _models = models;
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

    /// <summary>The instance's served model (the models topic's newest valid one, or the pinned one).</summary>
    public ModelHolder Models => _models;

    /// <summary>Stops the client (waiting for its threads), the dead-letter producer, the lag probe and the served model;
    /// later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Stream.Dispose();
        _deadLetters?.Dispose();
        _lag.Dispose();
        _models.Dispose(); // after the stream threads: no scorer starts a batch on it any more
    }
}
