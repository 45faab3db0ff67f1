namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>How a serializer names the subject a topic's schemas are registered under (Confluent's strategies).</summary>
public enum SubjectNameStrategy
{
    /// <summary><c>&lt;topic&gt;-key</c> / <c>&lt;topic&gt;-value</c>: one schema lineage per topic (the default).</summary>
    Topic,

    /// <summary>The record's full name: one lineage per record type, across topics.</summary>
    Record,

    /// <summary><c>&lt;topic&gt;-&lt;record full name&gt;</c>: several record types per topic.</summary>
    TopicRecord,
}

public static class SubjectNameStrategyExtensions
{
    public static string SubjectFor(this SubjectNameStrategy strategy, string topic, bool isKey, string? recordFullName) => strategy switch
    {
        SubjectNameStrategy.Topic => topic + (isKey ? "-key" : "-value"),
        SubjectNameStrategy.Record => recordFullName ?? throw new AvroEncodingException("the Record subject name strategy needs a named (record) schema"),
        SubjectNameStrategy.TopicRecord => topic + "-" + (recordFullName ?? throw new AvroEncodingException("the TopicRecord subject name strategy needs a named (record) schema")),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };
}
