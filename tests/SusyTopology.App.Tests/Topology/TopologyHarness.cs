using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.State;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.InMemoryKafka;
using SusyTopology.Learning.Data;

namespace SusyTopology.App.Tests.Topology;

/// <summary>
/// The whole SUSY topology in Streamiz's TopologyTestDriver (synchronous mode), over the development Schema Registry and
/// real SUSY rows. The driver does not feed what the topology writes to <c>susy-models</c> back into the models global
/// store, as a broker would; <see cref="Drain"/> does, after every input, so model swaps happen as in a deployment.
/// </summary>
internal sealed class TopologyHarness : IDisposable
{
    public const string ApplicationId = "susy-test";
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(5);
    private static readonly Lazy<IReadOnlyList<SusyRow>> SampleRows = new(() =>
        SusyCsv.ReadRows(Path.Combine(RepoPaths.Root, "data", "sample", "susy-sample.csv.gz")).Take(2000).ToList());

    private readonly DeadLetteringDeserializationHandler _deadLetterHandler;
    private readonly TestOutputTopic<long, Prediction> _predictionsOut;
    private readonly TestOutputTopic<string, ModelSnapshot> _modelsOut;
    private readonly TestOutputTopic<string, AccuracyReport> _accuracyOut;
    private readonly TestOutputTopic<byte[], byte[]> _deadLettersOut;
    private readonly TestOutputTopic<string, Prediction> _prequentialOut;
    private long _nextId = 1;
    private int _nextRow;
    private long _clockMs = 1_700_000_000_000;

    /// <param name="registry">Confluent's client to use; the shared development registry when null.</param>
    public TopologyHarness(SusyTopologyOptions? options = null, ModelHolder? holder = null, ISchemaRegistryClient? registry = null)
    {
        Counters = new TopologyCounters();
        Holder = holder ?? new ModelHolder(onRejected: Counters.ModelRejected);
        Options = options ?? new SusyTopologyOptions { PublishEveryRecords = 64, PublishInterval = TimeSpan.FromHours(1) };
        Options.ApplicationId = ApplicationId;
        Registry = registry ?? TestRegistry.NewClient();
        Serdes = new SusySerdes(Registry);
        Topology = SusyTopologyFactory.Build(Options, Serdes, Holder, Counters, Lag, TimeProvider.System);
        SourceDeadLetters.CreateTopic(Options.DeadLetterTopic, 1);
        _deadLetterHandler = new DeadLetteringDeserializationHandler(
            new InMemoryKafkaSupplier(SourceDeadLetters, "harness").GetProducer(new ProducerConfig { ClientId = "harness-dead-letters" }),
            Options.DeadLetterTopic, Counters, NullLogger.Instance);
        Driver = new TopologyTestDriver(Topology, new StreamConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = "mock://harness",
            DeserializationExceptionHandler = _deadLetterHandler.Handle,
        });
        RawEvents = Driver.CreateInputTopic(Options.EventsTopic, Serdes.Bytes, Serdes.Bytes);
        RawModels = Driver.CreateInputTopic(Options.ModelsTopic, Serdes.Bytes, Serdes.Bytes);
        _predictionsOut = Driver.CreateOutputTopic(Options.PredictionsTopic, ReadTimeout, Serdes.EventId, Serdes.Prediction);
        _modelsOut = Driver.CreateOutputTopic(Options.ModelsTopic, ReadTimeout, Serdes.Text, Serdes.Model);
        _accuracyOut = Driver.CreateOutputTopic(Options.AccuracyTopic, ReadTimeout, Serdes.Text, Serdes.Accuracy);
        _deadLettersOut = Driver.CreateOutputTopic(Options.DeadLetterTopic, ReadTimeout, Serdes.Bytes, Serdes.Bytes);
        _prequentialOut = Driver.CreateOutputTopic(Options.PrequentialTopic, ReadTimeout, Serdes.Text, Serdes.Prediction);
    }

    public SusyTopologyOptions Options { get; }
    public ModelHolder Holder { get; }
    public ISchemaRegistryClient Registry { get; }
    public SusySerdes Serdes { get; }
    public TopologyCounters Counters { get; }
    public SettableInputLag Lag { get; } = new();
    public Streamiz.Kafka.Net.Stream.Topology Topology { get; }
    public TopologyTestDriver Driver { get; }
    public TestInputTopic<byte[], byte[]> RawEvents { get; }

    /// <summary>The models topic as bytes: published models are fed back through it, and so can records its serde cannot decode.</summary>
    public TestInputTopic<byte[], byte[]> RawModels { get; }

    /// <summary>Where Streamiz's deserialization handler sends what it could not decode (the driver has no real producer).</summary>
    public InMemoryKafkaCluster SourceDeadLetters { get; } = new();

    /// <summary>Everything the topology wrote so far, per output topic, in order.</summary>
    public List<ConsumeResult<long, Prediction>> Predictions { get; } = [];
    public List<ConsumeResult<string, ModelSnapshot>> Models { get; } = [];
    public List<ConsumeResult<string, AccuracyReport>> Accuracy { get; } = [];
    public List<ConsumeResult<byte[], byte[]>> DeadLetters { get; } = [];
    public List<ConsumeResult<string, Prediction>> Prequential { get; } = [];

    public List<ModelSnapshot> ModelValues => Models.Select(m => m.Message.Value).ToList();
    public List<Prediction> PredictionValues => Predictions.Select(p => p.Message.Value).ToList();

    /// <summary>The next real SUSY row as an event of the given split, timestamped one millisecond after the previous one.</summary>
    public SusyEvent NextEvent(Split split, int? labelOverride = null, bool keepLabel = true)
    {
        var row = SampleRows.Value[_nextRow++ % SampleRows.Value.Count];
        var label = labelOverride ?? (keepLabel ? row.Label : null);
        return SusyEventFeatures.ToEvent(_nextId++, split, label, row.Features, DateTimeOffset.FromUnixTimeMilliseconds(_clockMs++));
    }

    public SusyEvent Pipe(SusyEvent e)
    {
        RawEvents.PipeInput(Serdes.EventId.Serialize(e.EventId, new SerializationContext(MessageComponentType.Key, Options.EventsTopic)),
            Encode(e), e.EventTime.UtcDateTime);
        Drain();
        return e;
    }

    public List<SusyEvent> PipeMany(Split split, int count) =>
        Enumerable.Range(0, count).Select(_ => Pipe(NextEvent(split))).ToList();

    /// <summary>Pipes events as a backlog: each sees the rest of the batch as its input lag.</summary>
    public List<SusyEvent> PipeBacklog(Split split, int count)
    {
        var events = Enumerable.Range(0, count).Select(_ => NextEvent(split)).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            Lag.Value = events.Count - 1 - i;
            Pipe(events[i]);
        }
        Lag.Value = 0;
        return events;
    }

    public void PipeRaw(byte[] key, byte[] value)
    {
        RawEvents.PipeInput(key, value, DateTimeOffset.FromUnixTimeMilliseconds(_clockMs++).UtcDateTime);
        Drain();
    }

    /// <summary>A model published to the models topic by someone else than this topology's learner (`susy publish-model`).</summary>
    public void PublishModel(ModelSnapshot snapshot)
    {
        PipeModel(OnlineLearnerProcessor.ModelKey, snapshot, DateTimeOffset.FromUnixTimeMilliseconds(_clockMs++).UtcDateTime);
        Drain();
    }

    private void PipeModel(string key, ModelSnapshot snapshot, DateTime timestamp) => RawModels.PipeInput(
        Serdes.Text.Serialize(key, new SerializationContext(MessageComponentType.Key, Options.ModelsTopic)),
        Serdes.Model.Serialize(snapshot, new SerializationContext(MessageComponentType.Value, Options.ModelsTopic)),
        timestamp);

    public void AdvanceWallClock(TimeSpan by)
    {
        Driver.AdvanceWallClockTime(by);
        Drain();
    }

    /// <summary>The learner's store, writable (to seed a restart) because the driver hands out the store itself.</summary>
    public IKeyValueStore<string, byte[]> LearnerStore =>
        (IKeyValueStore<string, byte[]>)Driver.GetKeyValueStore<string, byte[]>(OnlineLearnerProcessor.StoreName);

    public byte[] Encode(SusyEvent e) =>
        Serdes.Event.Serialize(e, new SerializationContext(MessageComponentType.Value, Options.EventsTopic));

    /// <summary>Collects new output, and hands new model snapshots to the models global store as the broker would.</summary>
    public void Drain()
    {
        while (true)
        {
            var published = ReadAll(_modelsOut);
            Models.AddRange(published);
            foreach (var m in published) PipeModel(m.Message.Key, m.Message.Value, m.Message.Timestamp.UtcDateTime);
            Predictions.AddRange(ReadAll(_predictionsOut));
            Accuracy.AddRange(ReadAll(_accuracyOut));
            DeadLetters.AddRange(ReadAll(_deadLettersOut));
            Prequential.AddRange(ReadAll(_prequentialOut));
            if (published.Count == 0) return;
        }
    }

    private static List<ConsumeResult<TKey, TValue>> ReadAll<TKey, TValue>(TestOutputTopic<TKey, TValue> topic) =>
        topic.ReadKeyValueList().ToList();

    public static string? HeaderText<TKey, TValue>(ConsumeResult<TKey, TValue> record, string name) =>
        record.Message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    public void Dispose()
    {
        Driver.Dispose();
        Holder.Dispose();
        Counters.Dispose();
        _deadLetterHandler.Dispose();
        Registry.Dispose();
    }
}

/// <summary>An input lag the test sets: the driver has no broker to measure one against.</summary>
internal sealed class SettableInputLag : IInputLag
{
    public long Value { get; set; }

    public long Behind(string topic, int partition, long offset) => Value;
}
