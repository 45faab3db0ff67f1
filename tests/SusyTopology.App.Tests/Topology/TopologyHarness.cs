using Confluent.Kafka;
using SusyTopology.App.Topology;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Events;
using SusyTopology.Learning.Data;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.TestDriver;
using MessageComponent = Confluent.Kafka.MessageComponentType;

namespace SusyTopology.App.Tests.Topology;

/// <summary>The whole SUSY topology in a TopologyTestDriver, over an in-memory Schema Registry and real SUSY rows.</summary>
internal sealed class TopologyHarness : IDisposable
{
    public const string ApplicationId = "susy-test";
    private static readonly Lazy<IReadOnlyList<SusyRow>> SampleRows = new(() =>
        SusyCsv.ReadRows(Path.Combine(RepoPaths.Root, "data", "sample", "susy-sample.csv.gz")).Take(2000).ToList());

    private readonly string _scope = "harness-" + Guid.NewGuid().ToString("N");
    private long _nextId = 1;
    private int _nextRow;

    public TopologyHarness(SusyTopologyOptions? options = null)
    {
        Options = options ?? new SusyTopologyOptions { PublishEveryRecords = 64, PublishInterval = TimeSpan.FromHours(1) };
        Registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "mock://" + _scope });
        Serdes = new SusySerdes(Registry);
        Counters = new TopologyCounters();
        Topology = SusyTopologyFactory.Build(Options, Serdes, new ModelHolder(), Counters, TimeProvider.System);
        Driver = new TopologyTestDriver(Topology, new TopologyTestDriverOptions
        {
            ApplicationId = ApplicationId,
            InitialWallClockTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
            DeserializationExceptionHandler = new DeadLetterQueueExceptionHandler(Options.DeadLetterTopic),
        });
        Events = Driver.CreateInputTopic(Options.EventsTopic, Serdes.EventId.Serializer, Serdes.Event.Serializer);
        RawEvents = Driver.CreateInputTopic(Options.EventsTopic, Serdes.Bytes.Serializer, Serdes.Bytes.Serializer);
        Predictions = Driver.CreateOutputTopic(Options.PredictionsTopic, Serdes.EventId.Deserializer, Serdes.Prediction.Deserializer);
        Models = Driver.CreateOutputTopic(Options.ModelsTopic, Serdes.Text.Deserializer, Serdes.Model.Deserializer);
        Accuracy = Driver.CreateOutputTopic(Options.AccuracyTopic, Serdes.Text.Deserializer, Serdes.Accuracy.Deserializer);
        DeadLetters = Driver.CreateOutputTopic(Options.DeadLetterTopic, Serdes.Bytes.Deserializer, Serdes.Bytes.Deserializer);
        Prequential = Driver.CreateOutputTopic(Options.PrequentialTopic, Serdes.Text.Deserializer, Serdes.Prediction.Deserializer);
    }

    public SusyTopologyOptions Options { get; }
    public ISchemaRegistryClient Registry { get; }
    public SusySerdes Serdes { get; }
    public TopologyCounters Counters { get; }
    public Streams.Topology Topology { get; }
    public TopologyTestDriver Driver { get; }
    public TestInputTopic<long, SusyEvent> Events { get; }
    public TestInputTopic<byte[], byte[]> RawEvents { get; }
    public TestOutputTopic<long, Prediction> Predictions { get; }
    public TestOutputTopic<string, ModelSnapshot> Models { get; }
    public TestOutputTopic<string, AccuracyReport> Accuracy { get; }
    public TestOutputTopic<byte[], byte[]> DeadLetters { get; }
    public TestOutputTopic<string, Prediction> Prequential { get; }

    /// <summary>The next real SUSY row as an event of the given split, timestamped at the driver's wall clock.</summary>
    public SusyEvent NextEvent(Split split, int? labelOverride = null, bool keepLabel = true)
    {
        var row = SampleRows.Value[_nextRow++ % SampleRows.Value.Count];
        var label = labelOverride ?? (keepLabel ? row.Label : null);
        return SusyEventFeatures.ToEvent(_nextId++, split, label, row.Features, Driver.WallClockTime);
    }

    public SusyEvent Pipe(SusyEvent e)
    {
        Events.PipeInput(e.EventId, e, e.EventTime.ToUnixTimeMilliseconds());
        return e;
    }

    public List<SusyEvent> PipeMany(Split split, int count) =>
        Enumerable.Range(0, count).Select(_ => Pipe(NextEvent(split))).ToList();

    /// <summary>Pipes events as one fetch: the topology sees the rest of the batch as input lag (a backlog).</summary>
    public List<SusyEvent> PipeBatch(Split split, int count)
    {
        var events = Enumerable.Range(0, count).Select(_ => NextEvent(split)).ToList();
        Events.PipeBatch(events.Select(e => new TestRecord<long, SusyEvent>(e.EventId, e, e.EventTime.ToUnixTimeMilliseconds())));
        return events;
    }

    public byte[] Encode(SusyEvent e) =>
        Serdes.Event.Serializer.Serialize(e, new SerializationContext(MessageComponent.Value, Options.EventsTopic));

    public void Dispose()
    {
        Driver.Dispose();
        Counters.Dispose();
        Registry.Dispose();
        MockSchemaRegistry.DropScope(_scope);
    }
}
