using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net.Kafka;
using SusyTopology.App.Running;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.App.Tests.Running;

/// <summary>
/// A stream thread's consumer closes as Streamiz closes it (unsubscribe, then close) with the final revocation handled
/// by a poll before librdkafka's close starts: a rebalance callback inside the close can hang it for good
/// (librdkafka issue 4041). A real consumer on the mock cluster; a proxy notes when the close reaches librdkafka.
/// </summary>
public sealed class ConsumerCloseTests
{
    [Fact]
    public void The_final_revocation_is_handled_before_the_consumer_close_starts()
    {
        const string topic = "close-order";
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions
        {
            Topics = { [topic] = 2 },
            InitialRebalanceDelay = TimeSpan.Zero,
        });
        var events = new List<string>();
        var listener = new RevocationFailureAsLoss(new RecordingListener(events), NullLogger.Instance);
        var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "close-order",
            EnableAutoCommit = false,
        })
            .SetPartitionsAssignedHandler(listener.PartitionsAssigned)
            .SetPartitionsRevokedHandler(listener.PartitionsRevoked)
            .Build();
        using var wrapped = new RevocationTolerantConsumer(CloseRecorder.Wrap(consumer, events), listener, NullLogger.Instance);

        wrapped.Subscribe(topic);
        for (var poll = 0; poll < 300 && wrapped.Assignment.Count == 0; poll++) wrapped.Consume(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, wrapped.Assignment.Count);

        wrapped.Unsubscribe();
        wrapped.Close();

        Assert.Equal(["assigned 2", "revoked 2", "close"], events);
    }

    private sealed class RecordingListener(List<string> events) : IConsumerRebalanceListener
    {
        public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) =>
            events.Add($"assigned {partitions.Count}");

        public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) =>
            events.Add($"revoked {partitions.Count}");

        public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) =>
            events.Add($"lost {partitions.Count}");
    }

    /// <summary>Forwards every call to the consumer, noting the moment <c>Close</c> is called on it.</summary>
    public class CloseRecorder : DispatchProxy
    {
        private IConsumer<byte[], byte[]> _target = null!;
        private List<string> _events = null!;

        public static IConsumer<byte[], byte[]> Wrap(IConsumer<byte[], byte[]> target, List<string> events)
        {
            var proxy = Create<IConsumer<byte[], byte[]>, CloseRecorder>();
            var recorder = (CloseRecorder)(object)proxy;
            recorder._target = target;
            recorder._events = events;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IConsumer<byte[], byte[]>.Close)) _events.Add("close");
            try
            {
                return method.Invoke(_target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }
    }
}
