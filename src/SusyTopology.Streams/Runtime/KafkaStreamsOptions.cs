using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SusyTopology.Streams.Runtime;

/// <summary>The collaborators of a <see cref="KafkaStreams"/> client; every one has a production default.</summary>
public sealed class KafkaStreamsOptions
{
    public IKafkaSupplier KafkaSupplier { get; init; } = new DefaultKafkaSupplier();

    /// <summary>Creates internal topics; null means the AdminClient (<see cref="AdminClientTopicManager"/>).</summary>
    public IInternalTopicManager? TopicManager { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public IStateRestoreListener? RestoreListener { get; init; }

    /// <summary>Identifies this client instance (part of its client ids and transactional ids).</summary>
    public Guid ProcessId { get; init; } = Guid.NewGuid();
}
