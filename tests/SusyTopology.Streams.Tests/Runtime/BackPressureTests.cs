using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary>
/// One thread, two tasks: a slow one with a backlog and a fast one with fresh records. The runtime must serve both
/// (round-robin in time slices), pause the slow task's partition at its buffer limit, and still process everything once.
/// </summary>
public sealed class BackPressureTests : IDisposable
{
    private const string Slow = "slow-in", Fast = "fast-in";
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "bp-" + Guid.NewGuid().ToString("N"));

    private sealed class Recorder(ConcurrentQueue<string> seen, TimeSpan cost, Action? onEach = null) : IProcessor<string, string, string, string>
    {
        public void Init(IProcessorContext<string, string> context) { }

        public void Process(Record<string, string> record)
        {
            if (cost > TimeSpan.Zero) Thread.Sleep(cost);
            seen.Enqueue(record.Value);
            onEach?.Invoke();
        }
    }

    private static void Produce(InMemoryKafkaCluster cluster, string topic, int count)
    {
        using var producer = new InMemoryKafkaSupplier(cluster, "writer-" + topic).GetProducer(new ProducerConfig());
        for (var i = 0; i < count; i++)
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("k"), Value = Encoding.UTF8.GetBytes($"{topic}-{i}") });
    }

    [Fact]
    public void A_slow_task_with_a_backlog_neither_starves_another_task_nor_buffers_past_its_limit()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic(Slow, 1);
        cluster.CreateTopic(Fast, 1);
        Produce(cluster, Slow, 300);

        ConcurrentQueue<string> slow = new(), fast = new();
        var slowStarted = new ManualResetEventSlim();
        var builder = new StreamsBuilder();
        builder.Stream(Slow, Consumed.With(Serdes.String(), Serdes.String()))
            .Process(() => new Recorder(slow, TimeSpan.FromMilliseconds(2), () => { if (slow.Count >= 10) slowStarted.Set(); }), Named.As("slow"));
        builder.Stream(Fast, Consumed.With(Serdes.String(), Serdes.String()))
            .Process(() => new Recorder(fast, TimeSpan.Zero), Named.As("fast"));

        var process = new InMemoryKafkaSupplier(cluster, "app");
        using var streams = new KafkaStreams(builder.Build(), new StreamsConfig
        {
            ApplicationId = "bp-app",
            BootstrapServers = "in-memory",
            MaxPollRecords = 1000,
            BufferedRecordsPerPartition = 50,
            PollTimeout = TimeSpan.FromMilliseconds(10),
            StateDir = _stateDir,
        }, new KafkaStreamsOptions { KafkaSupplier = process, TopicManager = new InMemoryTopicManager(cluster) });
        streams.Start();

        Assert.True(slowStarted.Wait(TimeSpan.FromSeconds(30)), "the slow task never started");
        Produce(cluster, Fast, 20);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (fast.Count < 20 && DateTime.UtcNow < deadline) Thread.Sleep(1);
        var slowWhenFastDone = slow.Count;
        while (slow.Count < 300 && DateTime.UtcNow < deadline) Thread.Sleep(5);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{Fast}-{i}"), fast);
        // 300 slow records take ≥ 600 ms; the fast ones must not wait for the whole backlog.
        Assert.True(slowWhenFastDone < 250, $"the fast task's records waited behind {slowWhenFastDone} of the slow task's");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"{Slow}-{i}"), slow);
        Assert.True(process.Consumers.Sum(c => c.PausedCount) > 0, "the slow partition was never paused at its buffer limit");
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
