using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Keeps the client's global stores current: a group-less consumer assigned EVERY partition of the global topics
/// (so each instance holds the whole table). <see cref="Bootstrap"/> reads them to their end before any stream
/// thread starts; afterwards a background thread applies new records under the global-store write lock.
/// </summary>
internal sealed class GlobalStreamThread : IDisposable
{
    private readonly StreamThreadContext _shared;
    private readonly GlobalStateUpdateTask _task;
    private readonly IReadOnlyDictionary<string, int> _partitionCounts;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private IConsumer<byte[], byte[]>? _consumer;
    private volatile bool _shutdownRequested;

    public GlobalStreamThread(StreamThreadContext shared, StreamTaskSettings settings, IReadOnlyDictionary<string, int> partitionCounts)
    {
        _shared = shared;
        _partitionCounts = partitionCounts;
        _task = new GlobalStateUpdateTask(shared.Topology.Builder.BuildGlobal(shared.Config.ApplicationId), settings, shared.Time);
        _logger = shared.LoggerFactory.CreateLogger<GlobalStreamThread>();
        _thread = new Thread(Run) { Name = shared.ClientId + "-GlobalStreamThread", IsBackground = true };
    }

    public IReadOnlyDictionary<string, IStateStore> Stores => _task.Stores;

    public Exception? Failure { get; private set; }

    public void Bootstrap()
    {
        _task.Initialize();
        var config = _shared.Config.AssignedConsumerConfig(_shared.ClientId + "-global-consumer");
        config.EnablePartitionEof = true;
        _consumer = _shared.Supplier.GetGlobalConsumer(config);
        var partitions = _task.SourceTopics
            .SelectMany(t => Enumerable.Range(0, _partitionCounts[t]).Select(p => new TopicPartition(t, p)))
            .ToList();
        var ends = partitions.ToDictionary(p => p,
            p => _consumer.QueryWatermarkOffsets(p, _shared.Config.TransactionCallTimeout).High.Value);
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var deadline = Stopwatch.GetTimestamp() + (long)(_shared.Config.RestoreTimeout.TotalSeconds * Stopwatch.Frequency);
        while (pending.Count > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new StreamsException($"Bootstrapping the global stores timed out after {_shared.Config.RestoreTimeout}.");
            var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null) continue;
            if (record.IsPartitionEOF)
            {
                pending.Remove(record.TopicPartition);
                continue;
            }
            _task.Update(record);
            if (record.Offset.Value >= ends[record.TopicPartition] - 1) pending.Remove(record.TopicPartition);
        }
        _task.Flush();
        _logger.LogInformation("Global stores bootstrapped from {Count} partitions", partitions.Count);
    }

    public void Start() => _thread.Start();

    private void Run()
    {
        var batch = new List<ConsumeResult<byte[], byte[]>>();
        try
        {
            while (!_shutdownRequested)
            {
                batch.Clear();
                var record = _consumer!.Consume(_shared.Config.PollTimeout);
                while (record is not null && batch.Count < _shared.Config.MaxPollRecords)
                {
                    if (!record.IsPartitionEOF) batch.Add(record);
                    record = _consumer.Consume(TimeSpan.Zero);
                }
                if (record is { IsPartitionEOF: false }) batch.Add(record);
                if (batch.Count == 0) continue;
                // No lock against the stream threads: the stores lock each operation (as Kafka's in-memory store is
                // synchronized), so readers wait at most for one put — not for a whole batch of updates, whose
                // deserialization can take milliseconds (model snapshots of a few hundred kilobytes).
                foreach (var update in batch) _task.Update(update);
                _task.Flush();
            }
        }
        catch (Exception e)
        {
            Failure = e;
            _logger.LogError(e, "The global stream thread failed; global stores stop updating");
        }
    }

    public void Dispose()
    {
        _shutdownRequested = true;
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(30));
        try
        {
            _task.Close();
            _consumer?.Close();
            _consumer?.Dispose();
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "Closing the global stream thread failed");
        }
    }
}
