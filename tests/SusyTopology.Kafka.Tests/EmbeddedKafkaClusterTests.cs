using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Kafka.Tests;

public class EmbeddedKafkaClusterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void Creates_the_configured_topics_with_their_partition_counts()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions
        {
            Brokers = 3,
            Topics = { ["susy-events"] = 8, ["susy-accuracy"] = 1 },
        });
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Equal(8, metadata.Topics.Single(t => t.Topic == "susy-events").Partitions.Count);
        Assert.Single(metadata.Topics.Single(t => t.Topic == "susy-accuracy").Partitions);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        Assert.All(cluster.BootstrapServers.Split(','), b => Assert.StartsWith("127.0.0.1:", b));
    }

    [SkippableFact]
    public void The_brokers_connections_have_Nagle_off_like_a_real_brokers()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "socket options are read through /proc (Linux)");
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 2, Topics = { ["t"] = 2 } });
        Assert.Equal(2, cluster.NoDelayListeners);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            producer.Produce(new TopicPartition("t", 0), new Message<Null, string> { Value = "a" });
            producer.Produce(new TopicPartition("t", 1), new Message<Null, string> { Value = "b" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
            // Connections the brokers accepted inherit TCP_NODELAY from their listeners.
            var accepted = cluster.BrokerPorts.SelectMany(BrokerSocketsOf).ToList();
            Assert.NotEmpty(accepted);
            Assert.All(accepted, Assert.True);
        }

        static IReadOnlyList<bool> BrokerSocketsOf(int port) => SusyTopology.Kafka.Native.BrokerSockets.AcceptedConnectionsNoDelay(port);
    }

    [Fact]
    public void Creating_a_topic_again_with_another_partition_count_is_refused()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = { ["t"] = 2 } });
        cluster.CreateTopic("t", 2);
        Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("t", 3));
    }

    [Fact]
    public async Task Hundred_thousand_idempotent_keyed_messages_reach_a_two_member_group_exactly_once()
    {
        const int messages = 100_000;
        const string topic = "exactly-once-delivery";
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = { [topic] = 8 } });

        var seen = new ConcurrentDictionary<string, int>();
        var assigned = new ConcurrentDictionary<string, HashSet<int>>();
        using var stop = new CancellationTokenSource(Deadline);
        var members = Enumerable.Range(0, 2).Select(i => Task.Run(() => Consume($"member-{i}"))).ToArray();

        // Both members must own partitions before the data flows, or one member could take everything.
        var wait = Stopwatch.StartNew();
        while (!(assigned.Count == 2 && assigned.Values.All(p => p.Count > 0)) && wait.Elapsed < Deadline)
            Thread.Sleep(100);
        Assert.True(assigned.Count == 2 && assigned.Values.All(p => p.Count > 0), "both members should get partitions");

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build())
        {
            for (var i = 0; i < messages; i++)
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
                        break;
                    }
                    catch (ProduceException<string, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(50));
                    }
                }
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }

        while (seen.Count < messages && !stop.IsCancellationRequested) Thread.Sleep(100);
        var partitionsOwned = assigned.Values.Sum(p => p.Count); // before Close() revokes them
        stop.Cancel();
        await Task.WhenAll(members);

        Assert.Equal(messages, seen.Count);
        Assert.All(seen, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(8, partitionsOwned);
        return;

        void Consume(string member)
        {
            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = cluster.BootstrapServers,
                GroupId = "exactly-once-group",
                ClientId = member,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                SessionTimeoutMs = 6000, // the mock settles a membership change in session.timeout.ms - 1 s
                HeartbeatIntervalMs = 500,
            })
                .SetPartitionsAssignedHandler((_, parts) => assigned[member] = parts.Select(p => p.Partition.Value).ToHashSet())
                .SetPartitionsRevokedHandler((_, _) => assigned.TryRemove(member, out HashSet<int>? _))
                .Build();
            consumer.Subscribe(topic);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                    if (result?.Message == null) continue;
                    seen.AddOrUpdate(result.Message.Key, 1, (_, n) => n + 1);
                }
            }
            finally
            {
                consumer.Close();
            }
        }
    }

    [Fact]
    public void An_idempotent_producer_loses_nothing_through_injected_faults()
    {
        const string topic = "faults";
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 3, Topics = { [topic] = 4 } });
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            MessageTimeoutMs = 60_000,
        }).Build();
        var delivered = 0;
        void Send(int from, int to)
        {
            for (var i = from; i < to; i++)
                producer.Produce(topic, new Message<Null, string> { Value = i.ToString() }, r =>
                {
                    if (r.Error.IsError) throw new InvalidOperationException(r.Error.Reason);
                    Interlocked.Increment(ref delivered);
                });
        }

        Send(0, 1000);
        cluster.PushRequestErrors(0 /* Produce */, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
        cluster.SetPartitionLeader(topic, 0, 2);
        cluster.SetBrokerRtt(3, TimeSpan.FromMilliseconds(20));
        Send(1000, 2000);
        cluster.SetBrokerDown(1);
        Send(2000, 3000);
        Thread.Sleep(500);
        cluster.SetBrokerUp(1);
        Send(3000, 4000);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        Assert.Equal(4000, delivered);

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "fault-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var values = new HashSet<string>();
        var eof = new HashSet<int>();
        var wait = Stopwatch.StartNew();
        while (eof.Count < 4 && wait.Elapsed < Deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r == null) continue;
            if (r.IsPartitionEOF) { eof.Add(r.Partition.Value); continue; }
            Assert.True(values.Add(r.Message.Value), $"duplicate {r.Message.Value}");
        }
        Assert.Equal(4000, values.Count);
    }
}
