namespace SusyTopology.Streams.Kstream;

/// <summary>A half-open time window [StartMs, EndMs) in epoch milliseconds, as Kafka Streams' TimeWindow.</summary>
public readonly record struct TimeWindow
{
    public TimeWindow(long startMs, long endMs)
    {
        if (startMs < 0) throw new ArgumentOutOfRangeException(nameof(startMs), "window start must not be negative");
        if (endMs <= startMs) throw new ArgumentOutOfRangeException(nameof(endMs), "window end must be after its start");
        StartMs = startMs;
        EndMs = endMs;
    }

    public long StartMs { get; }
    public long EndMs { get; }

    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(StartMs);
    public DateTimeOffset End => DateTimeOffset.FromUnixTimeMilliseconds(EndMs);

    public override string ToString() => $"[{StartMs}/{EndMs})";
}
