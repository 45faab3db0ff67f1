namespace SusyTopology.State;

/// <summary>
/// Which upstream records a state already holds: the highest offset applied per upstream partition. Under
/// at_least_once, a crash before the commit makes the upstream tasks process their records again and route them
/// downstream a second time, under new offsets of the downstream topic; their upstream position stays the same. A
/// state that notes the upstream partition and offset of every record it applies therefore tells redelivered and
/// re-routed records from new ones, however the downstream topic interleaves the upstream partitions (each upstream
/// partition's records keep their order).
/// </summary>
public sealed class SourcePositions
{
    private readonly SortedDictionary<int, long> _appliedThrough = [];

    /// <summary>The highest applied offset per upstream partition.</summary>
    public IReadOnlyDictionary<int, long> AppliedThrough => _appliedThrough;

    /// <summary>True when the record at <paramref name="offset"/> of upstream <paramref name="partition"/> is already in the state.</summary>
    public bool Holds(int partition, long offset) => _appliedThrough.TryGetValue(partition, out var through) && offset <= through;

    /// <summary>The record at <paramref name="offset"/> of upstream <paramref name="partition"/> was applied (or replayed from a journal).</summary>
    public void Applied(int partition, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (!_appliedThrough.TryGetValue(partition, out var through) || offset > through) _appliedThrough[partition] = offset;
    }

    public void Clear() => _appliedThrough.Clear();

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_appliedThrough.Count);
        foreach (var (partition, offset) in _appliedThrough)
        {
            writer.Write(partition);
            writer.Write(offset);
        }
    }

    /// <summary>Replaces what this holds with the positions <see cref="WriteTo"/> wrote.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        Clear();
        var count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"Negative count of source positions ({count}).");
        for (var i = 0; i < count; i++) Applied(reader.ReadInt32(), reader.ReadInt64());
    }
}
