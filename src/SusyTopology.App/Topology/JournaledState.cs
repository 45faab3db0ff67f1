using System.Buffers.Binary;
using SusyTopology.Streams.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// Durable processor state as a checkpoint plus a journal of small entries, in one change-logged key-value store.
/// Writing a large state on every record would flood its changelog; writing it only now and then would lose the
/// updates between a commit and the next write. Journaling each update (tens of bytes) and folding the journal into a
/// checkpoint every so often keeps the store exact at every commit: restore = checkpoint + journal replayed in order.
/// <para>
/// The journal is a ring of <see cref="Capacity"/> slots: entry <c>n</c> (a sequence number that never restarts) goes
/// to slot <c>n mod Capacity</c> with <c>n</c> in its value, and the checkpoint's manifest records the first sequence
/// number it does not cover. So a checkpoint deletes nothing: the entries it covers are simply overwritten later, and
/// the compacted changelog keeps at most one record per slot. (Deleting them, as this class once did, meant one
/// tombstone per journaled record and a scan of the whole store at every checkpoint: the learner stalled ~0.1 s at each
/// of its checkpoints.) Every prefix of the changelog restores a consistent state, because a slot is overwritten only
/// after the manifest that covers its old entry has been written.
/// </para>
/// </summary>
internal sealed class JournaledState
{
    public const string CheckpointKey = "checkpoint";
    public const string ChunkPrefix = "checkpoint/";
    public const string JournalPrefix = "journal-slot/";

    /// <summary>Journal entries of the earlier layout (one key per entry, deleted at each checkpoint): still read, then removed.</summary>
    public const string LegacyJournalPrefix = "journal/";

    /// <summary>
    /// Checkpoints are stored in chunks well under Kafka's default 1 MiB message limit (the learner's state with its
    /// replay buffer is larger), each chunk keyed by the checkpoint's generation, and the small manifest at
    /// <see cref="CheckpointKey"/> written last: a restore after a crash half-way through a checkpoint still finds the
    /// previous generation complete.
    /// </summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>Slots beyond <c>checkpointEvery</c>: entries an owner may still append after <see cref="CheckpointDue"/> turns true (the learner journals up to three per record).</summary>
    public const int Headroom = 64;

    private readonly IKeyValueStore<string, byte[]> _store;
    private readonly int _checkpointEvery;
    private readonly string?[] _slotKeys;
    private long _next;        // sequence number of the next entry
    private long _generation;  // of the current checkpoint
    private int _chunks;       // of the current checkpoint
    private bool _mustCheckpoint;
    private List<string> _strayKeys = []; // keys the next checkpoint removes (legacy entries, orphan chunks, slots beyond the ring)

    /// <param name="checkpointEvery">Journal entries after which <see cref="CheckpointDue"/> asks the owner for a checkpoint.</param>
    public JournaledState(IKeyValueStore<string, byte[]> store, int checkpointEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEvery, 1);
        _store = store;
        _checkpointEvery = checkpointEvery;
        Capacity = checkpointEvery + Headroom;
        _slotKeys = new string?[Capacity];
    }

    /// <summary>Slots in the journal ring.</summary>
    public int Capacity { get; }

    /// <summary>Journal entries written since the last checkpoint.</summary>
    public long JournalLength { get; private set; }

    /// <summary>The owner should checkpoint now: the journal is long, or the restored one was laid out for another ring size.</summary>
    public bool CheckpointDue => _mustCheckpoint || JournalLength >= _checkpointEvery;

    /// <summary>Reads the checkpoint and the journal (in write order) and positions the journal after its last entry.</summary>
    public (byte[]? Checkpoint, IReadOnlyList<byte[]> Journal) Load()
    {
        var (checkpoint, covered) = LoadCheckpoint();
        var legacy = new List<KeyValuePair<string, byte[]>>();
        var live = new List<(long Sequence, string Key, byte[] Value)>();
        var stray = new List<string>();
        var currentChunks = ChunkPrefix + _generation.ToString("D12") + "/";
        foreach (var (key, value) in _store.All())
        {
            if (key.StartsWith(JournalPrefix, StringComparison.Ordinal))
            {
                if (value.Length < 8) throw new InvalidDataException($"Journal entry {key} is truncated.");
                var sequence = BinaryPrimitives.ReadInt64LittleEndian(value);
                if (sequence >= covered) live.Add((sequence, key, value));
                else if (!long.TryParse(key.AsSpan(JournalPrefix.Length), out var slot) || slot >= Capacity) stray.Add(key);
            }
            else if (key.StartsWith(LegacyJournalPrefix, StringComparison.Ordinal))
            {
                legacy.Add(new(key, value));
            }
            else if (key.StartsWith(ChunkPrefix, StringComparison.Ordinal) && (checkpoint == null || !key.StartsWith(currentChunks, StringComparison.Ordinal)))
            {
                stray.Add(key); // a checkpoint that crashed before its manifest, or one that was superseded
            }
        }
        live.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        for (var i = 0; i < live.Count; i++)
            if (live[i].Sequence != covered + i)
                throw new InvalidDataException($"The journal has no entry {covered + i} (found {live[i].Sequence}); the store is incomplete.");
        legacy.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));

        _next = covered + live.Count;
        JournalLength = legacy.Count + live.Count;
        _strayKeys = stray;
        _strayKeys.AddRange(legacy.Select(kv => kv.Key));
        // Entries written for another ring size sit in other slots: new ones could overwrite them before they are covered.
        _mustCheckpoint = legacy.Count > 0 || live.Any(e => e.Key != SlotKey(e.Sequence));
        if (_mustCheckpoint) _strayKeys.AddRange(live.Select(e => e.Key).Where(k => !IsRingSlot(k)));
        var journal = new List<byte[]>(legacy.Count + live.Count);
        journal.AddRange(legacy.Select(kv => kv.Value));
        journal.AddRange(live.Select(e => e.Value[8..]));
        return (checkpoint, journal);
    }

    /// <summary>The entry held in a journal slot's stored value (after its sequence number).</summary>
    public static ReadOnlySpan<byte> EntryOf(byte[] slotValue) => slotValue.AsSpan(8);

    public void Append(ReadOnlySpan<byte> entry)
    {
        if (_mustCheckpoint)
            throw new InvalidOperationException("The restored journal was written for another ring size: checkpoint before appending.");
        if (JournalLength >= Capacity)
            throw new InvalidOperationException($"The journal ring is full ({Capacity} entries): checkpoint when CheckpointDue says so.");
        var value = new byte[8 + entry.Length];
        BinaryPrimitives.WriteInt64LittleEndian(value, _next);
        entry.CopyTo(value.AsSpan(8));
        _store.Put(SlotKey(_next), value);
        _next++;
        JournalLength++;
    }

    /// <summary>Replaces the checkpoint with <paramref name="state"/>, which must include every journaled update.</summary>
    public void Checkpoint(byte[] state)
    {
        var previous = (Generation: _generation, Chunks: _chunks);
        var generation = _generation + 1;
        var chunks = (state.Length + ChunkBytes - 1) / ChunkBytes;
        // Chunks of this generation left by a checkpoint that crashed before its manifest: gone before the new ones are written.
        var generationPrefix = ChunkPrefix + generation.ToString("D12") + "/";
        foreach (var orphan in _strayKeys.Where(k => k.StartsWith(generationPrefix, StringComparison.Ordinal))) _store.Delete(orphan);
        _strayKeys.RemoveAll(k => k.StartsWith(generationPrefix, StringComparison.Ordinal));
        for (var i = 0; i < chunks; i++)
            _store.Put(ChunkKey(generation, i), state.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, state.Length - i * ChunkBytes)).ToArray());
        var manifest = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(manifest, generation);
        BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(8), state.Length);
        BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(16), _next); // entries before this one are in the checkpoint
        _store.Put(CheckpointKey, manifest);
        (_generation, _chunks) = (generation, chunks);
        for (var i = 0; i < previous.Chunks; i++) _store.Delete(ChunkKey(previous.Generation, i));
        foreach (var key in _strayKeys) _store.Delete(key); // only now: until the manifest, legacy entries were still needed
        _strayKeys = [];
        JournalLength = 0;
        _mustCheckpoint = false;
    }

    /// <summary>The manifest: 24 bytes (generation, length, first sequence number not covered), or 16 in the legacy layout (nothing of the ring covered).</summary>
    private (byte[]? State, long Covered) LoadCheckpoint()
    {
        if (!_store.TryGet(CheckpointKey, out var manifest) || manifest is not { Length: 16 or 24 }) return (null, 0);
        _generation = BinaryPrimitives.ReadInt64LittleEndian(manifest);
        var length = BinaryPrimitives.ReadInt64LittleEndian(manifest.AsSpan(8));
        var covered = manifest.Length == 24 ? BinaryPrimitives.ReadInt64LittleEndian(manifest.AsSpan(16)) : 0;
        var state = new byte[length];
        _chunks = (int)((length + ChunkBytes - 1) / ChunkBytes);
        for (var i = 0; i < _chunks; i++)
        {
            if (!_store.TryGet(ChunkKey(_generation, i), out var chunk) || chunk == null)
                throw new InvalidDataException($"Checkpoint generation {_generation} is missing chunk {i} of {_chunks}.");
            chunk.CopyTo(state.AsSpan(i * ChunkBytes));
        }
        return (state, covered);
    }

    private string SlotKey(long sequence)
    {
        var slot = (int)(sequence % Capacity);
        return _slotKeys[slot] ??= JournalPrefix + slot.ToString("D6");
    }

    private bool IsRingSlot(string key) =>
        key.StartsWith(JournalPrefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(JournalPrefix.Length), out var slot) && slot < Capacity;

    private static string ChunkKey(long generation, int index) => $"{ChunkPrefix}{generation:D12}/{index:D6}";
}
