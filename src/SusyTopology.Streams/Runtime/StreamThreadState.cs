namespace SusyTopology.Streams.Runtime;

/// <summary>A stream thread's life cycle; the client's state is derived from its threads'.</summary>
public enum StreamThreadState
{
    Created,

    /// <summary>Joining the group, or revoking/receiving partitions and restoring their tasks.</summary>
    Rebalancing,

    Running,
    PendingShutdown,
    Dead,
}
