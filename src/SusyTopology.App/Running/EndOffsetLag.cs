using System.Collections.Concurrent;
using Confluent.Kafka;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Running;

/// <summary>
/// A task's lag measured against its partition's end offset, which is looked up at most every
/// <see cref="Refresh"/> per partition (a backlog of thousands of records does not need a fresher figure) through a
/// consumer that joins no group.
/// </summary>
public sealed class EndOffsetLag(KafkaSettings kafka, TimeProvider time) : IInputLag, IDisposable
{
    public static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    // Keyed by value, not by TopicPartition (a class): the learner asks once per record.
    private readonly ConcurrentDictionary<(string Topic, int Partition), (long End, long At)> _ends = new();
    private readonly Lazy<IConsumer<byte[], byte[]>> _consumer = new(() => new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        GroupId = "susy-lag-probe", // never joined: watermarks only
        ClientId = "susy-lag-probe",
    }).Build(), LazyThreadSafetyMode.ExecutionAndPublication);

    public long Behind(string topic, int partition, long offset)
    {
        var key = (topic, partition);
        var now = time.GetTimestamp();
        if (!_ends.TryGetValue(key, out var cached) || time.GetElapsedTime(cached.At, now) >= Refresh)
        {
            try
            {
                cached = (_consumer.Value.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(2)).High.Value, now);
            }
            catch (KafkaException)
            {
                cached = (cached.End, now); // keep the last figure; try again after the refresh interval
            }
            _ends[key] = cached;
        }
        return Math.Max(0, cached.End - offset - 1);
    }

    public void Dispose()
    {
        if (_consumer.IsValueCreated) _consumer.Value.Dispose();
    }
}
