using Microsoft.Extensions.Logging;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Runtime;

/// <summary>What every stream thread of one <see cref="KafkaStreams"/> client shares.</summary>
internal sealed class StreamThreadContext
{
    public required StreamsConfig Config { get; init; }
    public required Topology Topology { get; init; }
    public required TopologyMetadata Metadata { get; init; }
    public required IKafkaSupplier Supplier { get; init; }
    public required TimeProvider Time { get; init; }
    public required StreamTaskSettings TaskSettings { get; init; }
    public required StreamsMetrics Metrics { get; init; }
    public required ILoggerFactory LoggerFactory { get; init; }
    public required string ClientId { get; init; }
    public required Guid ProcessId { get; init; }
    public IStateRestoreListener? RestoreListener { get; init; }
}
