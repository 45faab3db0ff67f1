namespace SusyTopology.Streams.Runtime;

/// <summary>What the client does when a stream thread dies of an exception it could not handle (KIP-671).</summary>
public enum StreamThreadExceptionResponse
{
    /// <summary>Start a fresh thread in place of the dead one; its tasks are re-created from committed state.</summary>
    ReplaceThread,

    /// <summary>Close every thread of this client and move it to <see cref="KafkaStreamsState.Error"/>.</summary>
    ShutdownClient,
}

/// <summary>Decides the fate of a client whose stream thread threw <paramref name="exception"/>.</summary>
public delegate StreamThreadExceptionResponse StreamsUncaughtExceptionHandler(Exception exception);
