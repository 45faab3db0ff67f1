using SusyTopology.Streams.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// Durable processor state as a checkpoint plus a journal of small entries, in one change-logged key-value store.
/// Writing a large state on every record would flood its changelog; writing it only now and then would lose the
/// updates between a commit and the next write. Journaling each update (tens of bytes) and folding the journal into a
/// checkpoint every so often keeps the store exact at every commit: restore = checkpoint + journal replayed in order.
/// </summary>
internal sealed class JournaledState(IKeyValueStore<string, byte[]> store)
{
    public const string CheckpointKey = "checkpoint";
    public const string JournalPrefix = "journal/";

    private long _next;

    /// <summary>Journal entries written since the last checkpoint.</summary>
    public long JournalLength { get; private set; }

    /// <summary>Reads the checkpoint and the journal (in write order) and positions the journal after its last entry.</summary>
    public (byte[]? Checkpoint, IReadOnlyList<byte[]> Journal) Load()
    {
        store.TryGet(CheckpointKey, out var checkpoint);
        var entries = store.All()
            .Where(kv => kv.Key.StartsWith(JournalPrefix, StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        _next = entries.Count == 0 ? 0 : long.Parse(entries[^1].Key.AsSpan(JournalPrefix.Length)) + 1;
        JournalLength = entries.Count;
        return (checkpoint, entries.Select(kv => kv.Value).ToList());
    }

    public void Append(byte[] entry)
    {
        store.Put(JournalPrefix + _next.ToString("D12"), entry);
        _next++;
        JournalLength++;
    }

    /// <summary>Replaces the checkpoint with <paramref name="state"/> (which must include every journaled update) and clears the journal.</summary>
    public void Checkpoint(byte[] state)
    {
        store.Put(CheckpointKey, state);
        foreach (var entry in store.All())
            if (entry.Key.StartsWith(JournalPrefix, StringComparison.Ordinal))
                store.Delete(entry.Key);
        JournalLength = 0;
    }
}
