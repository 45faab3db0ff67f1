using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// A partition: an append-only list of entries, its last stable offset and its log start offset. As on a broker, a
/// transaction that ends writes a marker to every partition it wrote to, taking one offset there: offsets of data
/// records have gaps, and the high watermark (and, once nothing is open, the last stable offset) lies past the last
/// marker, not the last data record. Consumers step over markers without delivering them, and their position moves
/// past them as librdkafka's does (since 1.4), so a reader that polled to the end has its position at the high
/// watermark. Streamiz's changelog restore (StoreChangelogReader) ends on that position and copes; its global store
/// restore (GlobalStateManager.RestoreState in 1.8.2) ends only when a delivered record's offset reaches the high
/// watermark - 1, so it never ends on a partition whose last entry is a marker (see the tests).
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

    /// <summary>The readable data records (no markers), from the log start offset on.</summary>
    public IEnumerable<LogEntry> Entries => _entries.Skip((int)LogStartOffset).Where(e => !e.IsControl);

    /// <summary>Every data record ever appended, deleted ones included (tests read a purged repartition topic's history).</summary>
    public IEnumerable<LogEntry> AllEntries => _entries.Where(e => !e.IsControl);

    /// <summary>The markers (control records) among the readable entries.</summary>
    public IEnumerable<LogEntry> Markers => _entries.Skip((int)LogStartOffset).Where(e => e.IsControl);

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

    /// <summary>Writes <paramref name="transaction"/>'s commit or abort marker (its state says which) and releases the
    /// last stable offset it pinned.</summary>
    internal void EndTransaction(InMemoryTransaction transaction, DateTimeOffset now)
    {
        _openTransactions.Remove(transaction);
        _entries.Add(new LogEntry(_entries.Count, null, null, new Headers(), new Timestamp(now), transaction, IsControl: true));
    }

    /// <summary>Kafka's DeleteRecords: everything before <paramref name="offset"/> becomes unreadable; it never moves back.</summary>
    internal void DeleteBefore(long offset) => LogStartOffset = Math.Max(LogStartOffset, offset);
}
