using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// Where a task's output goes: sink records, changelog records and dead-letter records. The runtime implements it
/// on its (possibly transactional) producer, the test driver on in-memory topics.
/// </summary>
internal interface IRecordCollector
{
    /// <summary>Sends serialized bytes; a null <paramref name="partition"/> leaves the choice to the producer's partitioner.</summary>
    void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition);

    /// <summary>Blocks until every record sent so far is acknowledged (or throws the first delivery failure).</summary>
    void Flush();
}
