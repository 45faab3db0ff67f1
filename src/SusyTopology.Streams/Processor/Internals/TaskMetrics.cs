using System.Diagnostics.Metrics;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// Records the engine skips, on the <c>SusyTopology.Streams.Tasks</c> meter (Kafka Streams' dropped-records
/// sensor): counter <c>streams.task.dropped.records</c> tagged with <c>application.id</c>, <c>task.id</c> and <c>reason</c>.
/// </summary>
internal static class TaskMetrics
{
    public const string MeterName = "SusyTopology.Streams.Tasks";

    public const string DeserializationError = "deserialization-error";
    public const string InvalidTimestamp = "invalid-timestamp";
    public const string LateRecord = "late-record";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> DroppedRecords =
        Meter.CreateCounter<long>("streams.task.dropped.records", "{record}", "Records skipped: unreadable, without valid time, or too late for their window");

    public static void RecordDropped(string applicationId, Api.TaskId taskId, string reason)
    {
        if (!DroppedRecords.Enabled) return;
        DroppedRecords.Add(1, new KeyValuePair<string, object?>("application.id", applicationId),
            new KeyValuePair<string, object?>("task.id", taskId.ToString()), new KeyValuePair<string, object?>("reason", reason));
    }
}
