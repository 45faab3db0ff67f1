using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Kafka.Native;

namespace SusyTopology.Kafka.Embedded;

/// <summary>
/// An in-process Kafka cluster on librdkafka's mock broker: the real Kafka wire protocol on random 127.0.0.1 ports,
/// in memory. It is what `susy cluster` serves when no Docker engine is available, and the broker of integration tests.
/// Limits measured on librdkafka 2.16 (see the README): unknown topics are auto-created with 4 partitions by any
/// Metadata request; each partition keeps only its newest ~5 MiB; no controller (AdminClient topic calls time out);
/// consumer-group membership changes take <c>session.timeout.ms</c> − 1 s; transactions carry no semantics.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);
    private nint _owner;   // the rd_kafka_t that owns the mock cluster: it must outlive the cluster
    private nint _cluster;

    private EmbeddedKafkaCluster(nint owner, nint cluster, int brokers)
    {
        _owner = owner;
        _cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(cluster))
                           ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
    }

    /// <summary>Comma-separated host:port list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>The brokers' listening ports (from <see cref="BootstrapServers"/>).</summary>
    public IReadOnlyList<int> BrokerPorts => BootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(hostPort => int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    /// <summary>How many broker listeners got TCP_NODELAY (one per broker on Linux).</summary>
    public int NoDelayListeners { get; private set; }

    /// <summary>The topics this cluster created, name → partitions.</summary>
    public IReadOnlyDictionary<string, int> Topics
    {
        get { lock (_gate) return new Dictionary<string, int>(_topics, StringComparer.Ordinal); }
    }

    public static EmbeddedKafkaCluster Start(EmbeddedKafkaOptions? options = null)
    {
        options ??= new EmbeddedKafkaOptions();
        if (options.Brokers < 1) throw new ArgumentOutOfRangeException(nameof(options), "At least one broker is needed.");
        Librdkafka.EnsureLoaded();

        var errstr = new byte[512];
        var conf = MockClusterNative.rd_kafka_conf_new();
        // The owning handle never talks to a broker itself; keep it quiet.
        MockClusterNative.rd_kafka_conf_set(conf, "log_level", "3", errstr, (nuint)errstr.Length);
        var owner = MockClusterNative.rd_kafka_new(MockClusterNative.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (owner == 0)
        {
            MockClusterNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("rd_kafka_new failed: " + ErrorString(errstr));
        }
        var cluster = MockClusterNative.rd_kafka_mock_cluster_new(owner, options.Brokers);
        if (cluster == 0)
        {
            MockClusterNative.rd_kafka_destroy(owner);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed to start the mock cluster.");
        }
        var result = new EmbeddedKafkaCluster(owner, cluster, options.Brokers);
        MockClusterNative.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, (int)options.InitialRebalanceDelay.TotalMilliseconds);
        // Like a real broker: no Nagle on broker sockets (see BrokerSockets: 40 ms per acknowledgement otherwise).
        result.NoDelayListeners = BrokerSockets.DisableNagle(result.BrokerPorts);
        try
        {
            foreach (var (topic, partitions) in options.Topics)
                result.CreateTopic(topic, partitions);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>
    /// Creates a topic with an explicit partition count. Creating a topic that already exists with the same count is a
    /// no-op; with another count it is an error, since the mock cannot change it.
    /// </summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        lock (_gate)
        {
            if (_topics.TryGetValue(name, out var existing))
            {
                if (existing != partitions)
                    throw new InvalidOperationException($"Topic '{name}' already exists with {existing} partitions, not {partitions}.");
                return;
            }
            Check(MockClusterNative.rd_kafka_mock_topic_create(Cluster, name, partitions,
                Math.Min(replicationFactor, BrokerCount)), $"create topic '{name}'");
            _topics[name] = partitions;
        }
    }

    /// <summary>Takes a broker down: its connections close and it refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_down(Cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_up(Cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Adds a round-trip time to every response of a broker.</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_rtt(Cluster, brokerId, (int)rtt.TotalMilliseconds),
            $"set broker {brokerId} RTT");

    /// <summary>Moves a partition's leadership, as a real cluster does on broker failure or reassignment.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(Cluster, topic, partition, brokerId),
            $"move {topic}[{partition}] to broker {brokerId}");

    /// <summary>
    /// Moves a consumer group's coordinator to a broker, as a real cluster does when the leader of the group's
    /// <c>__consumer_offsets</c> partition changes: the old one answers NOT_COORDINATOR. The group's state stays.
    /// </summary>
    public void SetGroupCoordinator(string group, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_coordinator_set(Cluster, "group", group, brokerId), $"move group {group}'s coordinator to broker {brokerId}");

    /// <summary>
    /// Makes the next requests of one API (a Kafka API key: 0 Produce, 1 Fetch, 8 OffsetCommit, 3 Metadata, …) fail
    /// with the given errors, one error per request, in order.
    /// </summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        var codes = errors.Select(e => (int)e).ToArray();
        MockClusterNative.rd_kafka_mock_push_request_errors_array(Cluster, apiKey, (nuint)codes.Length, codes);
    }

    public void ClearRequestErrors(short apiKey) => MockClusterNative.rd_kafka_mock_clear_request_errors(Cluster, apiKey);

    private nint Cluster => _cluster != 0 ? _cluster : throw new ObjectDisposedException(nameof(EmbeddedKafkaCluster));

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new KafkaException(new Error((ErrorCode)err, $"Embedded cluster could not {what}: {MockClusterNative.ErrorText(err)}"));
    }

    private static string ErrorString(byte[] errstr)
    {
        var end = Array.IndexOf(errstr, (byte)0);
        return Encoding.UTF8.GetString(errstr, 0, end < 0 ? errstr.Length : end);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != 0) MockClusterNative.rd_kafka_mock_cluster_destroy(_cluster);
            if (_owner != 0) MockClusterNative.rd_kafka_destroy(_owner);
            _cluster = 0;
            _owner = 0;
        }
    }
}
