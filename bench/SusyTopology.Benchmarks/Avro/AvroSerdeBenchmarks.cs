using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Avro.Serdes;
using SusyTopology.Events;

namespace SusyTopology.Benchmarks.Avro;

/// <summary>
/// One SusyEvent through the Confluent wire format on the hot path the streams engine uses: the synchronous
/// serializer (schema id cached) and deserializer (decoder cached per id), generated specific path, plus the
/// generic path for comparison. One operation = one event on one thread.
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

    private CachedSchemaRegistryClient _registry = null!;
    private AvroSerializer<SusyEvent> _serializer = null!;
    private AvroDeserializer<SusyEvent> _deserializer = null!;
    private AvroDeserializer<GenericRecord> _genericDeserializer = null!;
    private byte[] _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "mock://avro-benchmarks" });
        _serializer = new AvroSerializer<SusyEvent>(_registry);
        _deserializer = new AvroDeserializer<SusyEvent>(_registry);
        _genericDeserializer = new AvroDeserializer<GenericRecord>(_registry);
        // Warm the caches: the benchmark measures the steady state, not the first registry round trip.
        _message = _serializer.Serialize(_event, Context);
        if (!_event.Equals(_deserializer.Deserialize(_message, false, Context)))
            throw new InvalidOperationException("SusyEvent does not round-trip");
        _genericDeserializer.Deserialize(_message, false, Context);
    }

    [GlobalCleanup]
    public void Cleanup() => _registry.Dispose();

    [Benchmark]
    public byte[] Serialize() => _serializer.Serialize(_event, Context);

    [Benchmark]
    public SusyEvent Deserialize() => _deserializer.Deserialize(_message, false, Context);

    [Benchmark]
    public GenericRecord DeserializeGeneric() => _genericDeserializer.Deserialize(_message, false, Context);
}
