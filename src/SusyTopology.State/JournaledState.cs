using System.Buffers.Binary;
using Streamiz.Kafka.Net.State;

namespace SusyTopology.State;

/// <summary>
/// Durable processor state as a checkpoint plus a journal of small entries, in one change-logged key-value store.
/// Writing a large state on every record would flood its changelog; writing it only now and then would lose the
/// updates between a commit and the next write. Journaling each update (tens of bytes) and folding the journal into a
/// checkpoint every so often keeps the store exact at every commit: restore = checkpoint + journal replayed in order.
/// <para>
/// Entries are packed into groups of up to <see cref="GroupEntries"/>, one store value per group, written when the
/// group is full and at <see cref="Flush"/> — which <see cref="JournalStore"/> calls when the runtime flushes its stores
/// before every commit, so nothing committed is missing from the changelog. (One changelog record per entry was about
/// a sixth of the learner thread's time, and one of the two records per training event and of the three per test event
/// that the app produced.) A group still open at a flush
/// is written again, with more entries, when it fills or at the next flush: each version holds a prefix of the next.
/// </para>
/// <para>
/// Groups form a ring of <see cref="Slots"/> keys: group <c>g</c> (a number that never restarts) goes to slot
/// <c>g mod Slots</c>, with <c>g</c> and its first entry's sequence number in its value, and the checkpoint's manifest
/// records the first entry it does not cover and the group that comes next. So a checkpoint deletes nothing: the
/// groups it covers are simply overwritten later, and the compacted changelog keeps at most one record per slot.
/// (Deleting them, as this class once did, meant one tombstone per journaled record and a scan of the whole store at
/// every checkpoint.) Every prefix of the changelog restores a consistent state, because a slot is overwritten only
/// after the manifest that covers its old group has been written: between two checkpoints every group but the open
/// one is full, so at most <c>ceil(Capacity / GroupEntries)</c> groups are live.
/// </para>
/// </summary>
public sealed class JournaledState
{
    public const string CheckpointKey = "checkpoint";
    public const string ChunkPrefix = "checkpoint/";
    public const string JournalPrefix = "journal-group/";

    /// <summary>Single-entry slots of the earlier ring layout (before groups): still read, then removed by the next checkpoint.</summary>
    public const string SlotPrefix = "journal-slot/";

    /// <summary>Journal entries of the first layout (one key per entry, deleted at each checkpoint): still read, then removed.</summary>
    public const string LegacyJournalPrefix = "journal/";

    /// <summary>
    /// Checkpoints are stored in chunks well under Kafka's default 1 MiB message limit (the learner's state with its
    /// replay buffer is larger), each chunk keyed by the checkpoint's generation, and the small manifest at
    /// <see cref="CheckpointKey"/> written last: a restore after a crash half-way through a checkpoint still finds the
    /// previous generation complete.
    /// </summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>Entries beyond <c>checkpointEvery</c>: entries an owner may still append after <see cref="CheckpointDue"/> turns true (the learner journals up to three per record).</summary>
    public const int Headroom = 64;

    /// <summary>Entries per group: a learner group is ~5.5 KB, an accuracy group ~2 KB.</summary>
    public const int GroupEntries = 64;

    private const int GroupHeaderBytes = 16; // group number, sequence number of its first entry

    private readonly IKeyValueStore<string, byte[]> _store;
    private readonly int _checkpointEvery;
    private readonly string?[] _slotKeys;
    private readonly MemoryStream _open = new(); // the open group's entries, each an int32 length and its bytes
    private long _next;        // sequence number of the next entry
    private long _group;       // number of the open group (the next one to write when it is empty)
    private long _groupFirst;  // sequence number of the open group's first entry
    private int _groupCount;   // entries in the open group
    private bool _groupDirty;  // the open group has entries its stored version lacks
    private long _generation;  // of the current checkpoint
    private int _chunks;       // of the current checkpoint
    private bool _mustCheckpoint;
    private List<string> _strayKeys = []; // keys the next checkpoint removes (earlier layouts, orphan chunks, slots beyond the ring)

    /// <param name="checkpointEvery">Journal entries after which <see cref="CheckpointDue"/> asks the owner for a checkpoint.</param>
    public JournaledState(IKeyValueStore<string, byte[]> store, int checkpointEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEvery, 1);
        _store = store;
        _checkpointEvery = checkpointEvery;
        Capacity = checkpointEvery + Headroom;
        Slots = (Capacity + GroupEntries - 1) / GroupEntries + 1;
        _slotKeys = new string?[Slots];
    }

    /// <summary>Entries the journal holds at most between two checkpoints.</summary>
    public int Capacity { get; }

    /// <summary>Group slots in the ring.</summary>
    public int Slots { get; }

    /// <summary>Journal entries written since the last checkpoint.</summary>
    public long JournalLength { get; private set; }

    /// <summary>The owner should checkpoint now: the journal is long, or the restored one was laid out otherwise.</summary>
    public bool CheckpointDue => _mustCheckpoint || JournalLength >= _checkpointEvery;

    /// <summary>Reads the checkpoint and the journal (in write order) and positions the journal after its last entry.</summary>
    public (byte[]? Checkpoint, IReadOnlyList<byte[]> Journal) Load()
    {
        var (checkpoint, covered, nextGroup) = LoadCheckpoint();
        var legacy = new List<KeyValuePair<string, byte[]>>();
        var live = new List<(long Sequence, byte[] Entry)>();
        var groups = new List<(long Number, long First, int Count, string Key, byte[] Value)>();
        var stray = new List<string>();
        var mustCheckpoint = false;
        var currentChunks = ChunkPrefix + _generation.ToString("D12") + "/";
        foreach (var (key, value) in _store.All().ToList())
        {
            if (key.StartsWith(JournalPrefix, StringComparison.Ordinal))
            {
                var (number, first, entries) = ReadGroup(key, value);
                var liveEntries = 0;
                for (var i = 0; i < entries.Count; i++)
                    if (first + i >= covered) { live.Add((first + i, entries[i])); liveEntries++; }
                if (liveEntries > 0)
                {
                    groups.Add((number, first, entries.Count, key, value));
                    // A group covered in part (or laid out for another ring size) cannot be continued or left in place.
                    if (liveEntries != entries.Count || key != GroupKey(number)) mustCheckpoint = true;
                }
                else if (!IsRingSlot(key)) stray.Add(key);
            }
            else if (key.StartsWith(SlotPrefix, StringComparison.Ordinal))
            {
                if (value.Length < 8) throw new InvalidDataException($"Journal entry {key} is truncated.");
                var sequence = BinaryPrimitives.ReadInt64LittleEndian(value);
                if (sequence >= covered) { live.Add((sequence, value[8..])); mustCheckpoint = true; }
                stray.Add(key);
            }
            else if (key.StartsWith(LegacyJournalPrefix, StringComparison.Ordinal))
            {
                legacy.Add(new(key, value));
                mustCheckpoint = true;
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
        _mustCheckpoint = mustCheckpoint;
        _strayKeys = stray;
        _strayKeys.AddRange(legacy.Select(kv => kv.Key));
        if (_mustCheckpoint) _strayKeys.AddRange(groups.Select(g => g.Key).Where(k => !IsRingSlot(k)));
        PositionOpenGroup(groups.Count == 0 ? null : groups.MaxBy(g => g.Number), nextGroup);
        var journal = new List<byte[]>(legacy.Count + live.Count);
        journal.AddRange(legacy.Select(kv => kv.Value));
        journal.AddRange(live.Select(e => e.Entry));
        return (checkpoint, journal);
    }

    /// <summary>
    /// The newest restored group is continued while it has room, so that restarts leave no partial groups behind
    /// (the ring's bound counts on every group before the open one being full).
    /// </summary>
    private void PositionOpenGroup((long Number, long First, int Count, string Key, byte[] Value)? newest, long nextGroup)
    {
        _open.SetLength(0);
        (_groupCount, _groupDirty) = (0, false);
        if (newest is not { } g)
        {
            (_group, _groupFirst) = (nextGroup, _next);
        }
        else if (g.Count < GroupEntries && g.First + g.Count == _next && !_mustCheckpoint)
        {
            (_group, _groupFirst, _groupCount) = (g.Number, g.First, g.Count);
            _open.Write(g.Value, GroupHeaderBytes, g.Value.Length - GroupHeaderBytes);
        }
        else
        {
            (_group, _groupFirst) = (g.Number + 1, _next);
        }
    }

    /// <summary>The entries held in a journal group's stored value.</summary>
    public static IReadOnlyList<byte[]> EntriesOf(string key, byte[] groupValue) => ReadGroup(key, groupValue).Entries;

    public void Append(ReadOnlySpan<byte> entry)
    {
        if (_mustCheckpoint)
            throw new InvalidOperationException("The restored journal was laid out otherwise (another ring size or an earlier layout): checkpoint before appending.");
        if (JournalLength >= Capacity)
            throw new InvalidOperationException($"The journal is full ({Capacity} entries): checkpoint when CheckpointDue says so.");
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, entry.Length);
        _open.Write(length);
        _open.Write(entry);
        _groupCount++;
        _groupDirty = true;
        _next++;
        JournalLength++;
        if (_groupCount == GroupEntries)
        {
            WriteOpenGroup();
            CloseOpenGroup();
        }
    }

    /// <summary>Writes the open group's new entries to the store; called before every commit (see <see cref="JournalStore"/>).</summary>
    public void Flush()
    {
        if (_groupDirty) WriteOpenGroup();
    }

    /// <summary>Replaces the checkpoint with <paramref name="state"/>, which must include every journaled update.</summary>
    public void Checkpoint(byte[] state)
    {
        // The open group's entries are in the checkpoint: whatever of it was written is covered, the rest need not be.
        if (_groupCount > 0) CloseOpenGroup();
        var previous = (Generation: _generation, Chunks: _chunks);
        var generation = _generation + 1;
        var chunks = (state.Length + ChunkBytes - 1) / ChunkBytes;
        // Chunks of this generation left by a checkpoint that crashed before its manifest: gone before the new ones are written.
        var generationPrefix = ChunkPrefix + generation.ToString("D12") + "/";
        foreach (var orphan in _strayKeys.Where(k => k.StartsWith(generationPrefix, StringComparison.Ordinal))) _store.Delete(orphan);
        _strayKeys.RemoveAll(k => k.StartsWith(generationPrefix, StringComparison.Ordinal));
        for (var i = 0; i < chunks; i++)
            _store.Put(ChunkKey(generation, i), state.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, state.Length - i * ChunkBytes)).ToArray());
        var manifest = new byte[32];
        BinaryPrimitives.WriteInt64LittleEndian(manifest, generation);
        BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(8), state.Length);
        BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(16), _next); // entries before this one are in the checkpoint
        BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(24), _group); // the group the next entry opens
        _store.Put(CheckpointKey, manifest);
        (_generation, _chunks) = (generation, chunks);
        for (var i = 0; i < previous.Chunks; i++) _store.Delete(ChunkKey(previous.Generation, i));
        foreach (var key in _strayKeys) _store.Delete(key); // only now: until the manifest, earlier layouts were still needed
        _strayKeys = [];
        JournalLength = 0;
        _mustCheckpoint = false;
    }

    private void WriteOpenGroup()
    {
        var value = new byte[GroupHeaderBytes + _open.Length];
        BinaryPrimitives.WriteInt64LittleEndian(value, _group);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(8), _groupFirst);
        _open.GetBuffer().AsSpan(0, (int)_open.Length).CopyTo(value.AsSpan(GroupHeaderBytes));
        _store.Put(GroupKey(_group), value);
        _groupDirty = false;
    }

    private void CloseOpenGroup()
    {
        _group++;
        _groupFirst = _next;
        _groupCount = 0;
        _groupDirty = false; // written in full, or covered by the checkpoint that closes it
        _open.SetLength(0);
    }

    private static (long Number, long First, List<byte[]> Entries) ReadGroup(string key, byte[] value)
    {
        if (value.Length < GroupHeaderBytes) throw new InvalidDataException($"Journal group {key} is truncated.");
        var number = BinaryPrimitives.ReadInt64LittleEndian(value);
        var first = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(8));
        var entries = new List<byte[]>();
        for (var at = GroupHeaderBytes; at < value.Length;)
        {
            var length = value.Length - at >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(at)) : -1;
            if (length < 0 || length > value.Length - at - 4) throw new InvalidDataException($"Journal group {key} is corrupt at byte {at}.");
            entries.Add(value.AsSpan(at + 4, length).ToArray());
            at += 4 + length;
        }
        return (number, first, entries);
    }

    /// <summary>
    /// The manifest: 32 bytes (generation, length, first sequence number not covered, next group), 24 in the ring of
    /// single entries, 16 in the first layout (nothing of a ring covered).
    /// </summary>
    private (byte[]? State, long Covered, long NextGroup) LoadCheckpoint()
    {
        if (_store.Get(CheckpointKey) is not { } manifest || manifest is not { Length: 16 or 24 or 32 }) return (null, 0, 0);
        _generation = BinaryPrimitives.ReadInt64LittleEndian(manifest);
        var length = BinaryPrimitives.ReadInt64LittleEndian(manifest.AsSpan(8));
        var covered = manifest.Length >= 24 ? BinaryPrimitives.ReadInt64LittleEndian(manifest.AsSpan(16)) : 0;
        var nextGroup = manifest.Length >= 32 ? BinaryPrimitives.ReadInt64LittleEndian(manifest.AsSpan(24)) : 0;
        var state = new byte[length];
        _chunks = (int)((length + ChunkBytes - 1) / ChunkBytes);
        for (var i = 0; i < _chunks; i++)
        {
            if (_store.Get(ChunkKey(_generation, i)) is not { } chunk)
                throw new InvalidDataException($"Checkpoint generation {_generation} is missing chunk {i} of {_chunks}.");
            chunk.CopyTo(state.AsSpan(i * ChunkBytes));
        }
        return (state, covered, nextGroup);
    }

    private string GroupKey(long group)
    {
        var slot = (int)(group % Slots);
        return _slotKeys[slot] ??= JournalPrefix + slot.ToString("D6");
    }

    private bool IsRingSlot(string key) =>
        key.StartsWith(JournalPrefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(JournalPrefix.Length), out var slot) && slot < Slots;

    private static string ChunkKey(long generation, int index) => $"{ChunkPrefix}{generation:D12}/{index:D6}";
}
