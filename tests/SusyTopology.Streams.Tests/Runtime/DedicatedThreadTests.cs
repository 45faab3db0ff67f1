using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary><see cref="StreamsConfig.DedicatedThreads"/>: a named sub-topology gets a stream thread (and group member) of its own.</summary>
public sealed class DedicatedThreadTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "dedicated-" + Guid.NewGuid().ToString("N"));

    private sealed class ThreadRecorder(ConcurrentDictionary<string, string> threadByValue, TimeSpan cost) : IProcessor<string, string, string, string>
    {
        public void Init(IProcessorContext<string, string> context) { }

        public void Process(Record<string, string> record)
        {
            if (cost > TimeSpan.Zero) Thread.Sleep(cost);
            threadByValue[record.Value] = Thread.CurrentThread.Name ?? "?";
        }
    }

    private static void Produce(InMemoryKafkaCluster cluster, string topic, int count)
    {
        using var producer = new InMemoryKafkaSupplier(cluster, "writer-" + topic).GetProducer(new ProducerConfig());
        for (var i = 0; i < count; i++)
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"k{i}"), Value = Encoding.UTF8.GetBytes($"{topic}-{i}") });
    }

    [Fact]
    public void The_named_subtopology_runs_alone_on_its_own_thread_and_the_rest_share_the_others()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("learn-in", 1);
        cluster.CreateTopic("score-in", 4);
        Produce(cluster, "learn-in", 100);
        Produce(cluster, "score-in", 200);

        ConcurrentDictionary<string, string> learnThreads = new(), scoreThreads = new();
        var builder = new StreamsBuilder();
        builder.Stream("learn-in", Consumed.With(Serdes.String(), Serdes.String()))
            .Process(() => new ThreadRecorder(learnThreads, TimeSpan.FromMilliseconds(2)), Named.As("learner"));
        builder.Stream("score-in", Consumed.With(Serdes.String(), Serdes.String()))
            .Process(() => new ThreadRecorder(scoreThreads, TimeSpan.Zero), Named.As("scorer"));

        using var streams = new KafkaStreams(builder.Build(), new StreamsConfig
        {
            ApplicationId = "dedicated-app",
            BootstrapServers = "in-memory",
            NumStreamThreads = 2,
            DedicatedThreads = ["learner"],
            PollTimeout = TimeSpan.FromMilliseconds(10),
            StateDir = _stateDir,
        }, new KafkaStreamsOptions { KafkaSupplier = new InMemoryKafkaSupplier(cluster, "app"), TopicManager = new InMemoryTopicManager(cluster) });
        streams.Start();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((learnThreads.Count < 100 || scoreThreads.Count < 200) && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.Equal(100, learnThreads.Count);
        Assert.Equal(200, scoreThreads.Count);

        Assert.Equal(3, streams.ThreadNames.Count);
        var learner = Assert.Single(learnThreads.Values.Distinct());
        Assert.DoesNotContain(learner, scoreThreads.Values);
        var metadata = streams.LocalThreadsMetadata();
        var learnerMetadata = Assert.Single(metadata, t => t.ThreadName == learner);
        Assert.Equal([new TopicPartition("learn-in", 0)], learnerMetadata.AssignedPartitions);
        Assert.All(metadata.Where(t => t.ThreadName != learner), t => Assert.DoesNotContain(t.AssignedPartitions, p => p.Topic == "learn-in"));
    }

    [Fact]
    public void An_unknown_node_name_fails_the_start_with_its_name()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.String())).To("out");
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("in", 1);
        using var streams = new KafkaStreams(builder.Build(), new StreamsConfig
        {
            ApplicationId = "dedicated-bad",
            BootstrapServers = "in-memory",
            DedicatedThreads = ["no-such-node"],
            StateDir = _stateDir,
        }, new KafkaStreamsOptions { KafkaSupplier = new InMemoryKafkaSupplier(cluster, "app"), TopicManager = new InMemoryTopicManager(cluster) });
        var error = Assert.Throws<ArgumentException>(streams.Start);
        Assert.Contains("no-such-node", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
