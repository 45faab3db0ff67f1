namespace SusyTopology.App.Topology;

/// <summary>
/// How many records of its input partition a task has still to process after the current one. Streamiz does not hand
/// processors their lag; the learner needs it to tell a backlog (learn each batch once, replay later) from live input.
/// </summary>
public interface IInputLag
{
    long Behind(string topic, int partition, long offset);
}

/// <summary>Lag not measured (topology inspection, tests that do not exercise catch-up): never a backlog.</summary>
public sealed class UnmeasuredInputLag : IInputLag
{
    public long Behind(string topic, int partition, long offset) => 0;
}
