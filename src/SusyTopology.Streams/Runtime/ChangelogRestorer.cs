using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Rebuilds a task's stores from their changelog partitions with the thread's restore consumer: from the
/// checkpointed offset for persistent stores, from the beginning for in-memory ones, up to the end offset
/// (the last stable offset under exactly-once, so aborted and open transactions are never restored).
/// </summary>
internal sealed class ChangelogRestorer(IConsumer<byte[], byte[]> restoreConsumer, StreamThreadContext shared, ILogger logger)
{
    public void Restore(ProcessorStateManager stateManager, TaskCheckpoint checkpoint)
    {
        var changelogs = stateManager.ChangelogPartitions;
        if (changelogs.Count == 0) return;
        var checkpointed = checkpoint.Read();
        // Under exactly-once the checkpoint is only valid for a clean restart: drop it while the task runs.
        if (shared.Config.ExactlyOnce) checkpoint.Delete();

        var progress = new Dictionary<TopicPartition, RestoreProgress>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var (partition, storeName) in changelogs)
        {
            var persistent = stateManager.GetStore(storeName)?.Persistent == true;
            var start = persistent && checkpointed.TryGetValue(partition, out var last) ? last + 1 : 0;
            var end = restoreConsumer.QueryWatermarkOffsets(partition, shared.Config.TransactionCallTimeout).High.Value;
            if (end <= start) continue;
            progress[partition] = new RestoreProgress(storeName, start, end);
            assignment.Add(new TopicPartitionOffset(partition, start == 0 ? Offset.Beginning : new Offset(start)));
            shared.RestoreListener?.OnRestoreStart(partition, storeName, start, end);
        }
        if (assignment.Count == 0) return;

        restoreConsumer.Assign(assignment);
        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(shared.Config.RestoreTimeout.TotalSeconds * Stopwatch.Frequency);
            var batch = new List<ConsumeResult<byte[], byte[]>>(1);
            while (progress.Values.Any(p => !p.Done))
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new StreamsException($"Restoring the stores of task {stateManager.TaskId} timed out after {shared.Config.RestoreTimeout}.");
                var record = restoreConsumer.Consume(TimeSpan.FromMilliseconds(100));
                if (record is null) continue;
                if (!progress.TryGetValue(record.TopicPartition, out var state) || state.Done) continue;
                if (record.IsPartitionEOF)
                {
                    // The end offset may be a transaction marker that is never delivered: end of partition is the end.
                    state.Done = true;
                    Finish(record.TopicPartition, state);
                    continue;
                }
                batch.Clear();
                batch.Add(record);
                stateManager.Restore(record.TopicPartition, batch);
                state.Restored++;
                if (record.Offset.Value >= state.End - 1)
                {
                    state.Done = true;
                    Finish(record.TopicPartition, state);
                }
            }
        }
        finally
        {
            restoreConsumer.Unassign();
        }
    }

    private void Finish(TopicPartition partition, RestoreProgress state)
    {
        shared.Metrics.RecordRestored(state.Restored);
        shared.RestoreListener?.OnBatchRestored(partition, state.StoreName, state.End - 1, state.Restored);
        shared.RestoreListener?.OnRestoreEnd(partition, state.StoreName, state.Restored);
        logger.LogDebug("Restored {Count} records of {Store} from {Partition}", state.Restored, state.StoreName, partition);
    }

    private sealed class RestoreProgress(string storeName, long start, long end)
    {
        public string StoreName { get; } = storeName;
        public long Start { get; } = start;
        public long End { get; } = end;
        public long Restored { get; set; }
        public bool Done { get; set; }
    }
}
