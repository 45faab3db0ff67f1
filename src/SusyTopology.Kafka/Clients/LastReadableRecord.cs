using Confluent.Kafka;

namespace SusyTopology.Kafka.Clients;

/// <summary>
/// Finds the offset of the last record of a partition that a consumer can read. On a topic written in transactions
/// that is not the high watermark - 1: commit and abort markers take offsets and are never returned, nor (to a
/// read_committed consumer) are aborted records or those of a still open transaction.
/// </summary>
public static class LastReadableRecord
{
    /// <summary>How far back from the end the first pass reads; each further pass reads eight times as far.</summary>
    private const long FirstWindow = 8;

    /// <summary>
    /// Reads from near the end to the end of <paramref name="partition"/> with <paramref name="scanner"/>, which must report
    /// the end of a partition (<c>enable.partition.eof</c>) and is left unassigned: the offset of the last record
    /// returned, -1 when none is readable between the watermarks, or null when the end was not reached within
    /// <paramref name="patience"/>. Usually one pass suffices, as a record is followed by a marker or two.
    /// </summary>
    public static long? Find(IConsumer<byte[], byte[]> scanner, TopicPartition partition, WatermarkOffsets marks, TimeSpan patience,
        TimeProvider time)
    {
        var deadline = time.GetUtcNow() + patience;
        var low = marks.Low.Value;
        var from = marks.High.Value;
        var window = FirstWindow;
        try
        {
            // Each pass reads from further back to the end: the record it returns last is the partition's last.
            while (from > low)
            {
                from = Math.Max(low, from - window);
                window *= 8;
                scanner.Assign(new TopicPartitionOffset(partition, from));
                long? last = null;
                while (true)
                {
                    var remaining = deadline - time.GetUtcNow();
                    if (remaining <= TimeSpan.Zero) return null;
                    var result = scanner.Consume(remaining);
                    if (result is null) continue;
                    if (result.IsPartitionEOF) break;
                    last = result.Offset.Value;
                }
                if (last is not null) return last;
            }
            return -1;
        }
        finally
        {
            scanner.Unassign();
        }
    }
}
