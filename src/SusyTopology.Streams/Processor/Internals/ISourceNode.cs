using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>The entry of raw consumed records into a typed graph.</summary>
internal interface ISourceNode
{
    string Name { get; }
    IReadOnlyList<string> Topics { get; }

    void Process(ConsumeResult<byte[], byte[]> raw, long timestamp);
}
