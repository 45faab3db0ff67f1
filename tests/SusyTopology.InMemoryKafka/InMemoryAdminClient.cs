using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// The admin requests Streamiz makes, answered by the in-memory cluster: metadata (its internal-topic manager,
/// global stores and producer partition counts), topic creation (changelog and repartition topics) and record
/// deletion (its purge of consumed repartition records, which truncates the log like Kafka's DeleteRecords).
/// Everything else is refused, so a new dependency of Streamiz shows up as a failing test, not as a silent no-op.
/// </summary>
public sealed class InMemoryAdminClient : IAdminClient
{
    private readonly InMemoryKafkaSupplier _process;
    private readonly InMemoryKafkaCluster _cluster;
    private bool _disposed;

    internal InMemoryAdminClient(InMemoryKafkaSupplier process, AdminClientConfig config)
    {
        _process = process;
        _cluster = process.Cluster;
        Name = $"{process.Name}/{config.ClientId ?? "admin"}";
    }

    public string Name { get; }

    public Handle Handle => throw new NotSupportedException("The in-memory admin client has no librdkafka handle.");

    public int AddBrokers(string brokers) => 0;

    /// <summary>The double has no authentication: credentials are accepted and ignored.</summary>
    public void SetSaslCredentials(string username, string password) { }

    public Metadata GetMetadata(TimeSpan timeout) => Metadata(null);

    /// <summary>
    /// An unknown topic is left out of the answer rather than listed with an error: Streamiz reads "no entry" as
    /// "does not exist" but takes an entry without partitions for an existing topic.
    /// </summary>
    public Metadata GetMetadata(string topic, TimeSpan timeout) => Metadata(topic);

    private Metadata Metadata(string? topic)
    {
        CheckAlive();
        var noError = new Error(ErrorCode.NoError);
        var topics = _cluster.PartitionCounts()
            .Where(t => topic is null || t.Key == topic)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TopicMetadata(t.Key,
                Enumerable.Range(0, t.Value).Select(p => new PartitionMetadata(p, 0, [0], [0], noError)).ToList(), noError))
            .ToList();
        return new Metadata([new BrokerMetadata(0, "in-memory", 9092)], topics, 0, "in-memory");
    }

    /// <summary>Creates every missing topic; an existing one fails the request with TopicAlreadyExists, as Kafka's does.</summary>
    public Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CreateTopicsOptions? options = null)
    {
        CheckAlive();
        var reports = topics.Select(t => new CreateTopicReport
        {
            Topic = t.Name,
            Error = new Error(_cluster.TryCreateTopic(t.Name, t.NumPartitions) ? ErrorCode.NoError : ErrorCode.TopicAlreadyExists),
        }).ToList();
        return reports.Any(r => r.Error.IsError)
            ? Task.FromException(new CreateTopicsException(reports))
            : Task.CompletedTask;
    }

    /// <summary>Truncates each partition before the given offset (<see cref="Offset.End"/>: the high watermark).</summary>
    public Task<List<DeleteRecordsResult>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> topicPartitionOffsets,
        DeleteRecordsOptions? options = null)
    {
        CheckAlive();
        var reports = new List<DeleteRecordsReport>();
        lock (_cluster.Sync)
        {
            foreach (var request in topicPartitionOffsets)
            {
                var log = _cluster.ExistingLog(request.TopicPartition);
                var before = log is null ? -1 : request.Offset == Offset.End ? log.HighWatermark : request.Offset.Value;
                var error = log is null ? ErrorCode.UnknownTopicOrPart
                    : before < 0 || before > log.HighWatermark ? ErrorCode.OffsetOutOfRange
                    : ErrorCode.NoError;
                if (error == ErrorCode.NoError) log!.DeleteBefore(before);
                reports.Add(new DeleteRecordsReport
                {
                    Topic = request.Topic,
                    Partition = request.Partition,
                    Offset = log?.LogStartOffset ?? Offset.Unset,
                    Error = new Error(error),
                });
            }
            Monitor.PulseAll(_cluster.Sync);
        }
        return reports.Any(r => r.Error.IsError)
            ? Task.FromException<List<DeleteRecordsResult>>(new DeleteRecordsException(reports))
            : Task.FromResult(reports.Select(r => new DeleteRecordsResult { Topic = r.Topic, Partition = r.Partition, Offset = r.Offset })
                .ToList());
    }

    public List<GroupInfo> ListGroups(TimeSpan timeout) => throw Unsupported();

    public GroupInfo ListGroup(string group, TimeSpan timeout) => throw Unsupported();

    public Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitionsSpecifications,
        CreatePartitionsOptions? options = null) => throw Unsupported();

    public Task DeleteGroupsAsync(IList<string> groups, DeleteGroupsOptions? options = null) => throw Unsupported();

    public Task DeleteTopicsAsync(IEnumerable<string> topics, DeleteTopicsOptions? options = null) => throw Unsupported();

    public Task AlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, AlterConfigsOptions? options = null) =>
        throw Unsupported();

    public Task<List<IncrementalAlterConfigsResult>> IncrementalAlterConfigsAsync(
        Dictionary<ConfigResource, List<ConfigEntry>> configs, IncrementalAlterConfigsOptions? options = null) => throw Unsupported();

    public Task<List<DescribeConfigsResult>> DescribeConfigsAsync(IEnumerable<ConfigResource> resources,
        DescribeConfigsOptions? options = null) => throw Unsupported();

    public Task CreateAclsAsync(IEnumerable<AclBinding> aclBindings, CreateAclsOptions? options = null) => throw Unsupported();

    public Task<DescribeAclsResult> DescribeAclsAsync(AclBindingFilter aclBindingFilter, DescribeAclsOptions? options = null) =>
        throw Unsupported();

    public Task<List<DeleteAclsResult>> DeleteAclsAsync(IEnumerable<AclBindingFilter> aclBindingFilters,
        DeleteAclsOptions? options = null) => throw Unsupported();

    public Task<DeleteConsumerGroupOffsetsResult> DeleteConsumerGroupOffsetsAsync(string group,
        IEnumerable<TopicPartition> partitions, DeleteConsumerGroupOffsetsOptions? options = null) => throw Unsupported();

    public Task<List<AlterConsumerGroupOffsetsResult>> AlterConsumerGroupOffsetsAsync(
        IEnumerable<ConsumerGroupTopicPartitionOffsets> groupPartitions, AlterConsumerGroupOffsetsOptions? options = null) =>
        throw Unsupported();

    public Task<List<ListConsumerGroupOffsetsResult>> ListConsumerGroupOffsetsAsync(
        IEnumerable<ConsumerGroupTopicPartitions> groupPartitions, ListConsumerGroupOffsetsOptions? options = null) =>
        throw Unsupported();

    public Task<ListConsumerGroupsResult> ListConsumerGroupsAsync(ListConsumerGroupsOptions? options = null) => throw Unsupported();

    public Task<DescribeConsumerGroupsResult> DescribeConsumerGroupsAsync(IEnumerable<string> groups,
        DescribeConsumerGroupsOptions? options = null) => throw Unsupported();

    public Task<DescribeUserScramCredentialsResult> DescribeUserScramCredentialsAsync(IEnumerable<string> users,
        DescribeUserScramCredentialsOptions? options = null) => throw Unsupported();

    public Task AlterUserScramCredentialsAsync(IEnumerable<UserScramCredentialAlteration> alterations,
        AlterUserScramCredentialsOptions? options = null) => throw Unsupported();

    private static NotSupportedException Unsupported([CallerMemberName] string request = "") =>
        new($"The in-memory admin client does not implement {request}: Streamiz 1.8.2 never called it.");

    private void CheckAlive()
    {
        _process.ThrowIfCrashed();
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    public void Dispose() => _disposed = true;
}
