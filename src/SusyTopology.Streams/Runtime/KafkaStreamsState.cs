namespace SusyTopology.Streams.Runtime;

/// <summary>The life cycle of a <see cref="KafkaStreams"/> client, with Kafka Streams' names and transitions.</summary>
public enum KafkaStreamsState
{
    Created,
    Rebalancing,
    Running,
    PendingShutdown,
    NotRunning,
    PendingError,
    Error,
}

/// <summary>Called on every state change of a <see cref="KafkaStreams"/> client (from the thread that caused it).</summary>
public delegate void KafkaStreamsStateListener(KafkaStreamsState newState, KafkaStreamsState oldState);

internal static class KafkaStreamsStateTransitions
{
    /// <summary>Kafka Streams' allowed transitions; anything else is a bug in the runtime, not a user error.</summary>
    public static bool IsValid(KafkaStreamsState from, KafkaStreamsState to) => (from, to) switch
    {
        (KafkaStreamsState.Created, KafkaStreamsState.Rebalancing or KafkaStreamsState.PendingShutdown
            or KafkaStreamsState.PendingError) => true,
        (KafkaStreamsState.Rebalancing, KafkaStreamsState.Running or KafkaStreamsState.Rebalancing
            or KafkaStreamsState.PendingShutdown or KafkaStreamsState.PendingError) => true,
        (KafkaStreamsState.Running, KafkaStreamsState.Rebalancing or KafkaStreamsState.PendingShutdown
            or KafkaStreamsState.PendingError) => true,
        (KafkaStreamsState.PendingShutdown, KafkaStreamsState.NotRunning) => true,
        (KafkaStreamsState.PendingError, KafkaStreamsState.Error) => true,
        _ => false,
    };
}
