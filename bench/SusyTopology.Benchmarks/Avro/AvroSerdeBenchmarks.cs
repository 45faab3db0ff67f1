using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Serdes;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Events;

namespace SusyTopology.Benchmarks.Avro;

/// <summary>
/// One SusyEvent through the serdes the app uses, on one thread, in the steady state (schema id and writer schema
/// cached): Confluent's Avro serializer/deserializer run on the calling thread (what the topology uses), the same run
/// through Confluent's own sync-over-async wrapper (a thread-pool hop per message), the memoized wrappers the app
/// uses (Confluent's serdes for a new topic or schema id, Apache.Avro's writer/reader behind the learned id after),
/// and the generated direct codec of the internal topics. One operation = one event.
/// </summary>
[MemoryDiagnoser]
public class AvroSerdeBenchmarks
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "susy-events");

    private readonly SusyEvent _event = new()
    {
        EventId = 123_456_789,
        Split = Split.TRAIN,
        Label = 1,
        Lepton1Pt = 0.972861,
        Lepton1Eta = 0.653855,
        Lepton1Phi = 1.176225,
        Lepton2Pt = 1.157156,
        Lepton2Eta = -1.739873,
        Lepton2Phi = -0.874309,
        MissingEnergyMagnitude = 0.567765,
        MissingEnergyPhi = -0.175000,
        MetRel = 0.810061,
        AxialMet = -0.252552,
        MR = 1.921887,
        MTr2 = 0.889637,
        R = 0.410772,
        Mt2 = 1.145621,
        SR = 1.932632,
        MDeltaR = 0.994464,
        DphiRB = 1.367815,
        CosThetaR1 = 0.040714,
        EventTime = DateTimeOffset.FromUnixTimeMilliseconds(1_763_780_000_123),
    };

    private DevSchemaRegistryServer _server = null!;
    private ISchemaRegistryClient _registry = null!;
    private ISerializer<SusyEvent> _inlineSerializer = null!;
    private IDeserializer<SusyEvent> _inlineDeserializer = null!;
    private ISerializer<SusyEvent> _hoppingSerializer = null!;
    private IDeserializer<SusyEvent> _hoppingDeserializer = null!;
    private MemoizedAvroSerializer<SusyEvent> _memoizedSerializer = null!;
    private MemoizedAvroDeserializer<SusyEvent> _memoizedDeserializer = null!;
    private readonly DirectAvroSerDes<SusyEvent> _direct = new();
    private byte[] _message = null!;
    private byte[] _plain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = DevSchemaRegistryServer.StartAsync(port: 0).GetAwaiter().GetResult();
        _registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _server.Url.GetLeftPart(UriPartial.Authority) });
        var serializer = new AvroSerializer<SusyEvent>(_registry);
        var deserializer = new AvroDeserializer<SusyEvent>(_registry);
        _inlineSerializer = new InlineSerializer<SusyEvent>(serializer);
        _inlineDeserializer = new InlineDeserializer<SusyEvent>(deserializer);
        _hoppingSerializer = serializer.AsSyncOverAsync();
        _hoppingDeserializer = deserializer.AsSyncOverAsync();
        _memoizedSerializer = new MemoizedAvroSerializer<SusyEvent>(_registry);
        _memoizedDeserializer = new MemoizedAvroDeserializer<SusyEvent>(_registry);
        // Warm the caches: the benchmark measures the steady state, not the first registry round trip.
        _message = _inlineSerializer.Serialize(_event, Context);
        if (!_event.Equals(_inlineDeserializer.Deserialize(_message, false, Context)))
            throw new InvalidOperationException("SusyEvent does not round-trip through Confluent's serdes");
        if (!_event.Equals(_memoizedDeserializer.Deserialize(_memoizedSerializer.Serialize(_event, Context).AsMemory(), false, Context)))
            throw new InvalidOperationException("SusyEvent does not round-trip through the memoized serdes");
        _plain = _direct.Serialize(_event, Context);
        if (!_event.Equals(_direct.Deserialize(_plain, Context)))
            throw new InvalidOperationException("SusyEvent does not round-trip through the direct codec");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _registry.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public byte[] ConfluentSerialize() => _inlineSerializer.Serialize(_event, Context);

    [Benchmark]
    public SusyEvent ConfluentDeserialize() => _inlineDeserializer.Deserialize(_message, false, Context);

    [Benchmark]
    public byte[] ConfluentSerializeSyncOverAsync() => _hoppingSerializer.Serialize(_event, Context);

    [Benchmark]
    public SusyEvent ConfluentDeserializeSyncOverAsync() => _hoppingDeserializer.Deserialize(_message, false, Context);

    [Benchmark]
    public byte[] MemoizedSerialize() => _memoizedSerializer.Serialize(_event, Context);

    [Benchmark]
    public SusyEvent MemoizedDeserialize() => _memoizedDeserializer.Deserialize(_message.AsMemory(), false, Context);

    [Benchmark]
    public byte[] DirectSerialize() => _direct.Serialize(_event, Context);

    [Benchmark]
    public SusyEvent DirectDeserialize() => _direct.Deserialize(_plain, Context);
}
