namespace SusyTopology.Streams.Processor.Api;

/// <summary>
/// Gives a record its event time (epoch ms) from its deserialized key and value — e.g. a timestamp field of the
/// payload — instead of the Kafka record timestamp. A negative result makes the task skip the record.
/// </summary>
public interface ITimestampExtractor<in TKey, in TValue>
{
    /// <param name="recordTimestamp">The Kafka record's own timestamp (negative when it has none).</param>
    /// <param name="partitionTime">The largest timestamp extracted so far on this partition, -1 before the first.</param>
    long Extract(TKey key, TValue value, long recordTimestamp, long partitionTime);
}

/// <summary>Adapts a lambda to <see cref="ITimestampExtractor{TKey,TValue}"/>.</summary>
public sealed class TimestampExtractor<TKey, TValue>(Func<TKey, TValue, long, long, long> extract) : ITimestampExtractor<TKey, TValue>
{
    public long Extract(TKey key, TValue value, long recordTimestamp, long partitionTime) =>
        extract(key, value, recordTimestamp, partitionTime);
}
