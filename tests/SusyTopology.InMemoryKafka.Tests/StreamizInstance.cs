using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Stream;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// One <see cref="KafkaStream"/> on its own client process, with what its public events reported: its latest state
/// (Streamiz keeps the state itself internal) and how many changelog records it restored.
/// </summary>
internal sealed class StreamizInstance : IDisposable
{
    private readonly KafkaStream _stream;
    private volatile KafkaStream.State _state = KafkaStream.State.CREATED;
    private long _restored;

    public StreamizInstance(Topology topology, StreamConfig config, InMemoryKafkaSupplier process)
    {
        Process = process;
        _stream = new KafkaStream(topology, config, process);
        _stream.StateChanged += (_, newState) => _state = newState;
        _stream.OnRestoreEndEvent += (_, _, totalRestored) => Interlocked.Add(ref _restored, totalRestored);
    }

    public InMemoryKafkaSupplier Process { get; }

    public KafkaStream.State State => _state;

    public long Restored => Interlocked.Read(ref _restored);

    public Task StartAsync() => _stream.StartAsync();

    public void Dispose() => _stream.Dispose();
}
