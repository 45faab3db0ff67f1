namespace SusyTopology.Streams.Runtime;

/// <summary>
/// This thread no longer owns its tasks (its producer was fenced by a newer instance, or its group generation is
/// stale): the tasks are closed without committing and the thread rejoins the group.
/// </summary>
public sealed class TaskMigratedException(string message, Exception? inner = null) : StreamsException(message, inner);

/// <summary>
/// The tasks' uncommitted work cannot be committed (the transaction had to be aborted): their state is wiped and
/// they resume from the last committed offsets, restoring their stores from the changelog.
/// </summary>
public sealed class TaskCorruptedException(string message, Exception? inner = null) : StreamsException(message, inner);
