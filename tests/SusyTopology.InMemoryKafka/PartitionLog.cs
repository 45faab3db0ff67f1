using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// A partition: an append-only list of entries with dense offsets (no transaction markers, so the high watermark is
/// always the last offset + 1, which Streamiz's restore loops rely on), its last stable offset and its log start
/// offset.
/// </summary>
public sealed class PartitionLog(TopicPartition partition)
{
    private readonly List<LogEntry> _entries = [];
    private readonly Dictionary<InMemoryTransaction, long> _openTransactions = [];

    public TopicPartition Partition { get; } = partition;

    public long HighWatermark => _entries.Count;

    /// <summary>The first offset still readable (Kafka's low watermark): DeleteRecords moves it forward.</summary>
    public long LogStartOffset { get; private set; }

    /// <summary>The first offset of the oldest open transaction: read_committed consumers stop there.</summary>
    public long LastStableOffset => _openTransactions.Count == 0 ? HighWatermark : _openTransactions.Values.Min();

    public LogEntry this[long offset] => _entries[(int)offset];

    /// <summary>The readable entries, from the log start offset on.</summary>
    public IEnumerable<LogEntry> Entries => _entries.Skip((int)LogStartOffset);

    /// <summary>Every entry ever appended, deleted ones included (tests read a purged repartition topic's history).</summary>
    public IEnumerable<LogEntry> AllEntries => _entries;

    internal LogEntry Append(Message<byte[], byte[]> message, InMemoryTransaction? transaction)
    {
        var headers = new Headers();
        if (message.Headers is not null)
            foreach (var header in message.Headers) headers.Add(header.Key, header.GetValueBytes());
        var entry = new LogEntry(_entries.Count, message.Key, message.Value, headers, message.Timestamp, transaction);
        _entries.Add(entry);
        if (transaction is not null && !_openTransactions.ContainsKey(transaction))
        {
            _openTransactions[transaction] = entry.Offset;
            transaction.FirstOffsets[this] = entry.Offset;
        }
        return entry;
    }

    internal void EndTransaction(InMemoryTransaction transaction) => _openTransactions.Remove(transaction);

    /// <summary>Kafka's DeleteRecords: everything before <paramref name="offset"/> becomes unreadable; it never moves back.</summary>
    internal void DeleteBefore(long offset) => LogStartOffset = Math.Max(LogStartOffset, offset);
}
