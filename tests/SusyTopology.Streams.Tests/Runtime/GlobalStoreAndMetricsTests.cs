using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.State;
using SusyTopology.Streams.Tests.ExactlyOnce;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary>Global stores (every instance reads every partition, updates keep flowing) and the runtime's metrics.</summary>
public sealed class GlobalStoreAndMetricsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly InMemoryKafkaCluster _cluster = new();
    private readonly InMemoryKafkaSupplier _writer;
    private readonly List<KafkaStreams> _instances = [];
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "global-" + Guid.NewGuid().ToString("N"));

    public GlobalStoreAndMetricsTests() => _writer = new InMemoryKafkaSupplier(_cluster, "writer");

    private sealed class LookupProcessor(string storeName) : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string> _context = null!;
        private IReadOnlyKeyValueStore<string, string> _models = null!;

        public void Init(IProcessorContext<string, string> context)
        {
            _context = context;
            _models = context.GetStateStore<IKeyValueStore<string, string>>(storeName);
        }

        public void Process(Record<string, string> record) =>
            _context.Forward(record.WithValue($"{record.Value}={_models.Get(record.Value) ?? "missing"}"));
    }

    private KafkaStreams Start(string name, string applicationId, Topology topology)
    {
        var streams = new KafkaStreams(topology, new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = "in-memory",
            CommitInterval = TimeSpan.FromMilliseconds(20),
            PollTimeout = TimeSpan.FromMilliseconds(10),
            StateDir = Path.Combine(_stateDir, name),
        }, new KafkaStreamsOptions
        {
            KafkaSupplier = new InMemoryKafkaSupplier(_cluster, name),
            TopicManager = new InMemoryTopicManager(_cluster),
        });
        _instances.Add(streams);
        streams.Start();
        return streams;
    }

    private void Write(string topic, int partition, string key, string value)
    {
        using var producer = _writer.GetProducer(new ProducerConfig());
        producer.Produce(new TopicPartition(topic, partition), new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = Encoding.UTF8.GetBytes(value),
            Timestamp = new Timestamp(1, TimestampType.CreateTime),
        });
    }

    private List<string> Output() => _cluster.Read("out", readCommitted: false).Select(e => Encoding.UTF8.GetString(e.Value!)).ToList();

    private List<string> OutputWithKeys() => _cluster.Read("out", readCommitted: false)
        .Select(e => Encoding.UTF8.GetString(e.Key!) + ":" + Encoding.UTF8.GetString(e.Value!)).ToList();

    [Fact]
    public void EveryInstanceReadsEveryPartitionOfAGlobalTopicAndSeesUpdates()
    {
        _cluster.CreateTopic("models", 2);
        _cluster.CreateTopic("in", 2);
        _cluster.CreateTopic("out", 1);
        Write("models", 0, "m0", "one");
        Write("models", 1, "m1", "two");
        Topology Lookup()
        {
            var builder = new StreamsBuilder();
            builder.GlobalTable("models", Consumed.With(Serdes.String(), Serdes.String()), Materialized.As<string, string>("models-store"));
            builder.Stream("in", Consumed.With(Serdes.String(), Serdes.String()))
                .Process(() => new LookupProcessor("models-store"))
                .To("out", Produced.With(Serdes.String(), Serdes.String()));
            return builder.Build();
        }
        var first = Start("a", "lookup", Lookup());
        var second = Start("b", "lookup", Lookup());
        EosHarness.WaitUntil(() => first.LocalThreadsMetadata().Sum(t => t.ActiveTasks.Count) == 1
                                   && second.LocalThreadsMetadata().Sum(t => t.ActiveTasks.Count) == 1, Patience, "one task each");

        foreach (var partition in new[] { 0, 1 })
            foreach (var model in new[] { "m0", "m1" })
                Write("in", partition, "q", model);
        EosHarness.WaitUntil(() => Output().Count == 4, Patience, "four lookups");
        Assert.Equal(["m0=one", "m0=one", "m1=two", "m1=two"], Output().Order());

        Write("models", 0, "m0", "uno");
        EosHarness.WaitUntil(() =>
        {
            // Input partition p is read by one instance only: key "p{p}" tells which instance answered.
            foreach (var partition in new[] { 0, 1 }) Write("in", partition, $"p{partition}", "m0");
            Thread.Sleep(50);
            var answers = OutputWithKeys();
            return answers.Contains("p0:m0=uno") && answers.Contains("p1:m0=uno");
        }, Patience, "both instances to see the model update");
    }

    [Fact]
    public void MetricsReportProcessedRecordsCommitLatencyAndConsumerLag()
    {
        const string applicationId = "metrics-app";
        var processed = 0L;
        var commits = new ConcurrentBag<double>();
        var lagSeen = new ConcurrentBag<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StreamsMetrics.MeterName
                && instrument.Meter.Tags?.Any(t => t.Key == "application.id" && (string?)t.Value == applicationId) == true)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "streams.process.records") Interlocked.Add(ref processed, value);
            if (instrument.Name == "streams.consumer.lag") lagSeen.Add(value);
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "streams.commit.latency") commits.Add(value);
        });
        listener.Start();
        _cluster.CreateTopic("in", 2);
        _cluster.CreateTopic("out", 1);
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.String())).To("out", Produced.With(Serdes.String(), Serdes.String()));
        Start("a", applicationId, builder.Build());

        for (var i = 0; i < 50; i++) Write("in", i % 2, $"k{i}", $"v{i}");
        EosHarness.WaitUntil(() => Interlocked.Read(ref processed) == 50 && !commits.IsEmpty, Patience, "50 processed and a commit");
        EosHarness.WaitUntil(() =>
        {
            listener.RecordObservableInstruments();
            return lagSeen.Count >= 2;
        }, Patience, "the lag of both partitions");

        Assert.Equal(50, Interlocked.Read(ref processed));
        Assert.All(commits, latency => Assert.True(latency >= 0));
        Assert.All(lagSeen, lag => Assert.True(lag >= 0));
    }

    public void Dispose()
    {
        foreach (var instance in _instances) instance.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
