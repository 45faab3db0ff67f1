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
    public const string ChunkPrefix = "checkpoint/";
    public const string JournalPrefix = "journal/";

    /// <summary>
    /// Checkpoints are stored in chunks well under Kafka's default 1 MiB message limit (the learner's state with its
    /// replay buffer is larger), each chunk keyed by the checkpoint's generation, and the small manifest at
    /// <see cref="CheckpointKey"/> written last: a restore after a crash half-way through a checkpoint still finds the
    /// previous generation complete.
    /// </summary>
    public const int ChunkBytes = 256 * 1024;

    private long _next;
    private long _generation;

    /// <summary>Journal entries written since the last checkpoint.</summary>
    public long JournalLength { get; private set; }

    /// <summary>Reads the checkpoint and the journal (in write order) and positions the journal after its last entry.</summary>
    public (byte[]? Checkpoint, IReadOnlyList<byte[]> Journal) Load()
    {
        var checkpoint = LoadCheckpoint();
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
        var generation = _generation + 1;
        var chunks = (state.Length + ChunkBytes - 1) / ChunkBytes;
        for (var i = 0; i < chunks; i++)
            store.Put(ChunkKey(generation, i), state.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, state.Length - i * ChunkBytes)).ToArray());
        var manifest = new byte[16];
        BitConverter.TryWriteBytes(manifest, generation);
        BitConverter.TryWriteBytes(manifest.AsSpan(8), (long)state.Length);
        store.Put(CheckpointKey, manifest);
        _generation = generation;
        var current = ChunkPrefix + generation.ToString("D12") + "/";
        foreach (var entry in store.All())
            if (entry.Key.StartsWith(JournalPrefix, StringComparison.Ordinal) ||
                (entry.Key.StartsWith(ChunkPrefix, StringComparison.Ordinal) && !entry.Key.StartsWith(current, StringComparison.Ordinal)))
                store.Delete(entry.Key);
        JournalLength = 0;
    }

    private byte[]? LoadCheckpoint()
    {
        if (!store.TryGet(CheckpointKey, out var manifest) || manifest is not { Length: 16 }) return null;
        _generation = BitConverter.ToInt64(manifest);
        var length = BitConverter.ToInt64(manifest.AsSpan(8));
        var state = new byte[length];
        var chunks = (int)((length + ChunkBytes - 1) / ChunkBytes);
        for (var i = 0; i < chunks; i++)
        {
            if (!store.TryGet(ChunkKey(_generation, i), out var chunk) || chunk == null)
                throw new InvalidDataException($"Checkpoint generation {_generation} is missing chunk {i} of {chunks}.");
            chunk.CopyTo(state.AsSpan(i * ChunkBytes));
        }
        return state;
    }

    private static string ChunkKey(long generation, int index) => $"{ChunkPrefix}{generation:D12}/{index:D6}";
}
