namespace SusyTopology.Streams.Processor.Api;

/// <summary>A task: one sub-topology applied to one input partition number. Prints as Kafka does, e.g. "0_3".</summary>
public readonly record struct TaskId(int SubtopologyId, int Partition)
{
    public override string ToString() => $"{SubtopologyId}_{Partition}";

    public static TaskId Parse(string text)
    {
        var parts = text.Split('_');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var sub) || !int.TryParse(parts[1], out var partition))
            throw new FormatException($"'{text}' is not a task id of the form <subtopology>_<partition>");
        return new TaskId(sub, partition);
    }
}
