using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.ExactlyOnce;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary>The client's state machine, its state listener and the uncaught-exception handler's two responses.</summary>
public sealed class ClientLifecycleTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly InMemoryKafkaCluster _cluster = new();
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "lifecycle-" + Guid.NewGuid().ToString("N"));
    private readonly List<KafkaStreams> _instances = [];

    public ClientLifecycleTests()
    {
        _cluster.CreateTopic("in", 2);
        _cluster.CreateTopic("out", 1);
    }

    /// <summary>Fails the first time it meets "poison" (per test instance), then lets it through.</summary>
    private sealed class PoisonOnce
    {
        private int _failures;
        public string Check(string value) =>
            value == "poison" && Interlocked.Exchange(ref _failures, 1) == 0 ? throw new InvalidOperationException("poison") : value;
    }

    private KafkaStreams Create(PoisonOnce poison)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.String()))
            .MapValues(poison.Check)
            .To("out", Produced.With(Serdes.String(), Serdes.String()));
        var streams = new KafkaStreams(builder.Build(), new StreamsConfig
        {
            ApplicationId = "lifecycle",
            BootstrapServers = "in-memory",
            CommitInterval = TimeSpan.FromMilliseconds(20),
            PollTimeout = TimeSpan.FromMilliseconds(10),
            StateDir = _stateDir,
        }, new KafkaStreamsOptions
        {
            KafkaSupplier = new InMemoryKafkaSupplier(_cluster, "p" + _instances.Count),
            TopicManager = new InMemoryTopicManager(_cluster),
        });
        _instances.Add(streams);
        return streams;
    }

    private void Write(params string[] values)
    {
        using var producer = new InMemoryKafkaSupplier(_cluster, "writer").GetProducer(new ProducerConfig());
        foreach (var value in values)
            producer.Produce("in", new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(value),
                Value = Encoding.UTF8.GetBytes(value),
                Timestamp = new Timestamp(1, TimestampType.CreateTime),
            });
    }

    private List<string> Output() => _cluster.Read("out", readCommitted: false).Select(e => Encoding.UTF8.GetString(e.Value!)).ToList();

    [Fact]
    public void TheStateListenerSeesKafkaStreamsTransitionsFromStartToClose()
    {
        var streams = Create(new PoisonOnce());
        var transitions = new ConcurrentQueue<(KafkaStreamsState, KafkaStreamsState)>();
        streams.SetStateListener((next, previous) => transitions.Enqueue((previous, next)));
        streams.Start();
        Write("a", "b");
        EosHarness.WaitUntil(() => Output().Count == 2, Patience, "two records");
        Assert.True(streams.Close(TimeSpan.FromSeconds(10)));

        Assert.Equal(
            [
                (KafkaStreamsState.Created, KafkaStreamsState.Rebalancing),
                (KafkaStreamsState.Rebalancing, KafkaStreamsState.Running),
                (KafkaStreamsState.Running, KafkaStreamsState.PendingShutdown),
                (KafkaStreamsState.PendingShutdown, KafkaStreamsState.NotRunning),
            ], transitions);
        Assert.Throws<InvalidOperationException>(() => streams.SetStateListener((_, _) => { }));
    }

    [Fact]
    public void ReplaceThreadStartsAFreshThreadThatReprocessesFromTheCommittedOffsets()
    {
        var streams = Create(new PoisonOnce());
        var failures = new ConcurrentBag<Exception>();
        streams.SetUncaughtExceptionHandler(e =>
        {
            failures.Add(e);
            return StreamThreadExceptionResponse.ReplaceThread;
        });
        streams.Start();
        Write("a", "poison", "b");
        EosHarness.WaitUntil(() => Output().Distinct().Count() == 3, Patience, "all three records after the replacement");

        Assert.Single(failures);
        Assert.Contains("StreamThread-2", Assert.Single(streams.ThreadNames));
        Assert.NotEqual(KafkaStreamsState.Error, streams.State);
    }

    [Fact]
    public void ShutdownClientMovesTheClientToErrorWithTheFailure()
    {
        var streams = Create(new PoisonOnce());
        streams.Start();
        Write("poison");
        EosHarness.WaitUntil(() => streams.State == KafkaStreamsState.Error, Patience, "the client to fail");

        Assert.Contains("poison", streams.Failure!.ToString());
        Assert.True(streams.Close(TimeSpan.FromSeconds(5)));
        Assert.Equal(KafkaStreamsState.Error, streams.State);
    }

    public void Dispose()
    {
        foreach (var instance in _instances) instance.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
