using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.State;
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

    /// <summary>The counting store's content, as an interactive query reads it (the instance must be running).</summary>
    public Dictionary<string, long> Counts() =>
        _stream.Store(StoreQueryParameters.FromNameAndType(CountingTopology.Store, QueryableStoreTypes.KeyValueStore<string, long>()))
            .All().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    public void Dispose() => _stream.Dispose();
}
