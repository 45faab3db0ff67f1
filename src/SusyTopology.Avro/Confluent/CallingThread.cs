namespace SusyTopology.Avro.Confluent;

/// <summary>
/// Runs an asynchronous serde call to completion on the calling thread. Confluent's Avro serdes are async and chain
/// some steps with <c>ContinueWith</c>, which queues to <see cref="TaskScheduler.Current"/>; running the call as a
/// task of <see cref="Scheduler"/> makes those continuations run inline instead of hopping to the thread pool and
/// back for every message (only a registry request that really waits leaves the thread).
/// </summary>
public static class CallingThread
{
    private static readonly InlineScheduler Scheduler = new();

    public static T Run<T>(Func<Task<T>> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler)
            .Unwrap().GetAwaiter().GetResult();

    /// <summary>Executes every task it is given at once, on the thread that queues it.</summary>
    private sealed class InlineScheduler : TaskScheduler
    {
        protected override void QueueTask(Task task) => TryExecuteTask(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => [];
    }
}
