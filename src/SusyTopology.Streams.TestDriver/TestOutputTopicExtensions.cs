namespace SusyTopology.Streams.TestDriver;

public static class TestOutputTopicExtensions
{
    /// <summary>Reads all records and keeps the latest value per key (a table view of the topic).</summary>
    public static Dictionary<TKey, TValue> ReadKeyValuesToMap<TKey, TValue>(this TestOutputTopic<TKey, TValue> topic)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, TValue>();
        foreach (var record in topic.ReadRecordsToList()) result[record.Key] = record.Value;
        return result;
    }
}
