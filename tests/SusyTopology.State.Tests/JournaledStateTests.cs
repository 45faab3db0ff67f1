using System.Buffers.Binary;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Enumerator;

namespace SusyTopology.State.Tests;

/// <summary>
/// The checkpoint + journal ring behind the learner's and the accuracy aggregator's stores. The "state" here is the
/// list of numbers appended so far: a checkpoint serialises the list, each entry is one number, so a restore is right
/// exactly when it gives back a prefix of 0, 1, 2, … .
/// </summary>
public sealed class JournaledStateTests
{
    [Fact]
    public void A_restore_gives_back_the_checkpoint_and_the_entries_after_it_in_order()
    {
        var store = new RecordingStore();
        Write(store, checkpointEvery: 7, count: 40);

        Assert.Equal(Enumerable.Range(0, 40), Restore(store.Replay(store.Changelog.Count), checkpointEvery: 7));
    }

    [Fact]
    public void Every_prefix_of_the_changelog_restores_a_prefix_of_the_state()
    {
        // Checkpoints over two chunks each, so a prefix can also end half-way through a checkpoint.
        var store = new RecordingStore();
        Write(store, checkpointEvery: 5, count: 40, padding: JournaledState.ChunkBytes + 1000);

        var restoredBefore = 0;
        for (var n = 0; n <= store.Changelog.Count; n++)
        {
            var restored = Restore(store.Replay(n), checkpointEvery: 5, padding: JournaledState.ChunkBytes + 1000);
            Assert.Equal(Enumerable.Range(0, restored.Count), restored);
            Assert.True(restored.Count >= restoredBefore, $"prefix {n} restored {restored.Count} numbers, a shorter prefix {restoredBefore}");
            restoredBefore = restored.Count;
        }
        Assert.Equal(40, restoredBefore);
    }

    [Fact]
    public void After_a_crash_at_any_point_the_restored_state_goes_on_correctly()
    {
        const int padding = JournaledState.ChunkBytes + 1000;
        var original = new RecordingStore();
        Write(original, checkpointEvery: 5, count: 20, padding);

        for (var n = 0; n <= original.Changelog.Count; n++)
        {
            // The instance restarts from what reached the changelog (a crash after n records), relearns the rest and goes on to 30.
            var store = original.Replay(n);
            var state = new JournaledState(store, checkpointEvery: 5);
            var (checkpoint, journal) = state.Load();
            var numbers = checkpoint == null ? [] : Deserialize(checkpoint, padding);
            numbers.AddRange(journal.Select(ReadNumber));
            if (state.CheckpointDue) state.Checkpoint(Serialize(numbers, padding));
            for (var i = numbers.Count; i < 30; i++)
            {
                state.Append(Number(i));
                numbers.Add(i);
                if (state.CheckpointDue) state.Checkpoint(Serialize(numbers, padding));
                state.Flush();
            }

            Assert.Equal(Enumerable.Range(0, 30), Restore(store.Replay(store.Changelog.Count), checkpointEvery: 5, padding));
            // …and a second crash anywhere after the restart also restores a prefix.
            for (var m = n; m < store.Changelog.Count; m++)
            {
                var again = Restore(store.Replay(m), checkpointEvery: 5, padding);
                Assert.Equal(Enumerable.Range(0, again.Count), again);
            }
            Assert.DoesNotContain(store.Entries.Keys, k => k.StartsWith(JournaledState.ChunkPrefix, StringComparison.Ordinal) &&
                                                           !k.StartsWith(CurrentChunkPrefix(store), StringComparison.Ordinal));
        }
    }

    private static string CurrentChunkPrefix(RecordingStore store) =>
        JournaledState.ChunkPrefix + BinaryPrimitives.ReadInt64LittleEndian(store.Entries[JournaledState.CheckpointKey]).ToString("D12") + "/";

    [Fact]
    public void A_checkpoint_deletes_no_journal_entry_and_the_store_stays_bounded()
    {
        var store = new RecordingStore();
        var state = Write(store, checkpointEvery: 10, count: 1_000);

        Assert.DoesNotContain(store.Changelog, c => c.Value == null && c.Key.StartsWith(JournaledState.JournalPrefix, StringComparison.Ordinal));
        Assert.True(store.Entries.Count <= state.Slots + 1 + 1, $"{store.Entries.Count} keys for a ring of {state.Slots}");
        Assert.Equal(Enumerable.Range(0, 1_000), Restore(store.Replay(store.Changelog.Count), checkpointEvery: 10));
    }

    [Fact]
    public void A_journal_of_the_earlier_layout_is_read_and_removed_by_the_next_checkpoint()
    {
        // The layout before the ring: a 16-byte manifest and one key per entry, in key order.
        var store = StoreWithCheckpointOf012(manifestBytes: 16);
        for (var i = 3; i < 6; i++) store.Put(JournaledState.LegacyJournalPrefix + (i - 3).ToString("D12"), Number(i));

        AssertReadThenRemovedByTheNextCheckpoint(store, JournaledState.LegacyJournalPrefix);
    }

    [Fact]
    public void A_journal_written_for_another_ring_size_is_re_laid_by_a_checkpoint_before_anything_is_appended()
    {
        var store = new RecordingStore();
        Write(store, checkpointEvery: 1_000, count: 1_300); // a checkpoint at 1,000, entries 1,000..1,299 in slots 16..20 of 18

        var state = new JournaledState(store, checkpointEvery: 10); // a ring of 3 slots
        var (cp, journal) = state.Load();
        var numbers = Deserialize(cp!).Concat(journal.Select(ReadNumber)).ToList();
        Assert.Equal(Enumerable.Range(0, 1_300), numbers);
        Assert.True(state.CheckpointDue);
        Assert.Throws<InvalidOperationException>(() => state.Append(Number(1_300)));

        state.Checkpoint(Serialize(numbers, 0));
        for (var i = 1_300; i < 1_305; i++) { state.Append(Number(i)); numbers.Add(i); }
        state.Flush();
        Assert.DoesNotContain(store.Entries.Keys, k => k.StartsWith(JournaledState.JournalPrefix, StringComparison.Ordinal) &&
                                                       int.Parse(k.AsSpan(JournaledState.JournalPrefix.Length)) >= state.Slots);
        Assert.Equal(Enumerable.Range(0, 1_305), Restore(store, checkpointEvery: 10));
    }

    [Fact]
    public void A_journal_of_single_entry_slots_is_read_and_removed_by_the_next_checkpoint()
    {
        // The ring before groups: a 24-byte manifest (generation, length, covered) and one slot per entry, its sequence number first.
        var store = StoreWithCheckpointOf012(manifestBytes: 24);
        for (var i = 0; i < 6; i++) // slots 0..2 hold entries the checkpoint covers, 3..5 the live ones
        {
            var slot = new byte[12];
            BinaryPrimitives.WriteInt64LittleEndian(slot, i);
            BinaryPrimitives.WriteInt32LittleEndian(slot.AsSpan(8), i);
            store.Put(JournaledState.SlotPrefix + i.ToString("D6"), slot);
        }

        AssertReadThenRemovedByTheNextCheckpoint(store, JournaledState.SlotPrefix);
    }

    /// <summary>A store whose checkpoint (generation 1) holds 0, 1, 2, under a manifest of an earlier layout's size (24 bytes: with "covered" = 3).</summary>
    private static RecordingStore StoreWithCheckpointOf012(int manifestBytes)
    {
        var store = new RecordingStore();
        var checkpoint = Serialize([0, 1, 2], 0);
        var manifest = new byte[manifestBytes];
        BinaryPrimitives.WriteInt64LittleEndian(manifest, 1);
        BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(8), checkpoint.Length);
        if (manifestBytes >= 24) BinaryPrimitives.WriteInt64LittleEndian(manifest.AsSpan(16), 3);
        store.Put("checkpoint/000000000001/000000", checkpoint);
        store.Put(JournaledState.CheckpointKey, manifest);
        return store;
    }

    /// <summary>A store of an earlier layout holding 0..5 (0..2 checkpointed): read whole, appended to only after a checkpoint that removes its keys.</summary>
    private static void AssertReadThenRemovedByTheNextCheckpoint(RecordingStore store, string layoutPrefix)
    {
        var state = new JournaledState(store, checkpointEvery: 10);
        var (cp, journal) = state.Load();
        Assert.Equal([0, 1, 2, 3, 4, 5], Deserialize(cp!).Concat(journal.Select(ReadNumber)));
        Assert.True(state.CheckpointDue);
        Assert.Throws<InvalidOperationException>(() => state.Append(Number(6)));

        state.Checkpoint(Serialize([0, 1, 2, 3, 4, 5], 0));
        state.Append(Number(6));
        state.Flush();
        Assert.DoesNotContain(store.Entries.Keys, k => k.StartsWith(layoutPrefix, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 7), Restore(store, checkpointEvery: 10));
    }

    [Fact]
    public void Entries_reach_the_store_one_group_at_a_time_when_a_group_fills_or_at_a_flush()
    {
        var store = new RecordingStore();
        Write(store, checkpointEvery: 10_000, count: 10 * JournaledState.GroupEntries, commitEvery: 100);

        // Ten full groups, each written once, and the six commits at 100, …, 600 that found a group half full.
        Assert.Equal(16, store.Changelog.Count(c => c.Key.StartsWith(JournaledState.JournalPrefix, StringComparison.Ordinal)));
        Assert.All(store.Entries.Where(kv => kv.Key.StartsWith(JournaledState.JournalPrefix, StringComparison.Ordinal)),
            kv => Assert.Equal(JournaledState.GroupEntries, JournaledState.EntriesOf(kv.Key, kv.Value).Count));
        Assert.Equal(Enumerable.Range(0, 640), Restore(store, checkpointEvery: 10_000));
    }

    [Fact]
    public void Entries_appended_since_the_last_flush_are_not_in_the_store()
    {
        var store = new RecordingStore();
        var state = Write(store, checkpointEvery: 1_000, count: 10);
        for (var i = 10; i < 15; i++) state.Append(Number(i)); // processed, never committed: a crash now loses them, and their input

        Assert.Equal(Enumerable.Range(0, 10), Restore(store, checkpointEvery: 1_000));
        state.Flush();
        Assert.Equal(Enumerable.Range(0, 15), Restore(store, checkpointEvery: 1_000));
    }

    [Fact]
    public void Restarts_without_a_checkpoint_in_between_go_on_filling_the_open_group()
    {
        // Each incarnation appends one entry and stops. Were each to open a group of its own, the ring of 10 slots
        // would wrap over live groups after ten restarts; continuing the restored open group keeps it bounded.
        var store = new RecordingStore();
        for (var i = 0; i < 400; i++)
        {
            var state = new JournaledState(store, checkpointEvery: 500);
            var (checkpoint, journal) = state.Load();
            Assert.Null(checkpoint);
            Assert.Equal(i, journal.Count);
            state.Append(Number(i));
            state.Flush();
        }

        Assert.Equal(Enumerable.Range(0, 400), Restore(store, checkpointEvery: 500));
        Assert.Equal((400 + JournaledState.GroupEntries - 1) / JournaledState.GroupEntries,
            store.Entries.Keys.Count(k => k.StartsWith(JournaledState.JournalPrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_lost_journal_group_is_reported_rather_than_skipped()
    {
        var store = new RecordingStore();
        Write(store, checkpointEvery: 1_000, count: 3 * JournaledState.GroupEntries);
        store.Delete(JournaledState.JournalPrefix + 1.ToString("D6"));

        var e = Assert.Throws<InvalidDataException>(() => new JournaledState(store, checkpointEvery: 1_000).Load());
        Assert.Contains($"no entry {JournaledState.GroupEntries}", e.Message);
    }

    [Fact]
    public void Appending_past_the_ring_without_a_checkpoint_is_refused()
    {
        var state = new JournaledState(new RecordingStore(), checkpointEvery: 2);
        state.Load();
        for (var i = 0; i < state.Capacity; i++) state.Append(Number(i));
        Assert.Equal(2 + JournaledState.Headroom, state.Capacity);

        Assert.True(state.CheckpointDue);
        Assert.Throws<InvalidOperationException>(() => state.Append(Number(state.Capacity)));
    }

    /// <summary>
    /// Appends 0..count-1, checkpointing whenever asked, as the processors do, and flushing (a commit) after every
    /// <paramref name="commitEvery"/> entries — after each one by default, the most changelog records and so the most
    /// prefixes to crash at.
    /// </summary>
    private static JournaledState Write(RecordingStore store, int checkpointEvery, int count, int padding = 0, int commitEvery = 1)
    {
        var state = new JournaledState(store, checkpointEvery);
        state.Load();
        var numbers = new List<int>();
        for (var i = 0; i < count; i++)
        {
            state.Append(Number(i));
            numbers.Add(i);
            if (state.CheckpointDue) state.Checkpoint(Serialize(numbers, padding));
            if ((i + 1) % commitEvery == 0) state.Flush();
        }
        state.Flush();
        return state;
    }

    private static List<int> Restore(RecordingStore store, int checkpointEvery, int padding = 0)
    {
        var (checkpoint, journal) = new JournaledState(store, checkpointEvery).Load();
        var numbers = checkpoint == null ? [] : Deserialize(checkpoint, padding);
        numbers.AddRange(journal.Select(ReadNumber));
        return numbers;
    }

    private static byte[] Number(int i) => BitConverter.GetBytes(i);
    private static int ReadNumber(byte[] entry) => BitConverter.ToInt32(entry);

    private static byte[] Serialize(IReadOnlyList<int> numbers, int padding)
    {
        var bytes = new byte[4 + 4 * numbers.Count + padding];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, numbers.Count);
        for (var i = 0; i < numbers.Count; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 + 4 * i), numbers[i]);
        return bytes;
    }

    private static List<int> Deserialize(byte[] bytes, int padding = 0)
    {
        var n = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        Assert.Equal(4 + 4 * n + padding, bytes.Length);
        return Enumerable.Range(0, n).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 + 4 * i))).ToList();
    }

    /// <summary>A key-value store that also keeps its changelog: every put and delete in order, as Kafka would hold them.</summary>
    private sealed class RecordingStore : IKeyValueStore<string, byte[]>
    {
        public SortedDictionary<string, byte[]> Entries { get; } = new(StringComparer.Ordinal);
        public List<(string Key, byte[]? Value)> Changelog { get; } = [];

        /// <summary>The store a changelog restore of the first <paramref name="records"/> records gives.</summary>
        public RecordingStore Replay(int records)
        {
            var store = new RecordingStore();
            foreach (var (key, value) in Changelog.Take(records))
            {
                if (value == null) store.Entries.Remove(key);
                else store.Entries[key] = value;
                store.Changelog.Add((key, value)); // the restored store's changelog goes on from the same records
            }
            return store;
        }

        public string Name => "recording";
        public bool Persistent => false;
        public bool IsLocally => true;
        public bool IsOpen => true;
        public void Init(ProcessorContext context, IStateStore root) { }
        public void Flush() { }
        public void Close() { }
        public long ApproximateNumEntries() => Entries.Count;

        public void Put(string key, byte[] value)
        {
            Entries[key] = value;
            Changelog.Add((key, value));
        }

        public byte[] PutIfAbsent(string key, byte[] value)
        {
            if (Entries.TryGetValue(key, out var existing)) return existing;
            Put(key, value);
            return null!;
        }

        public void PutAll(IEnumerable<KeyValuePair<string, byte[]>> entries)
        {
            foreach (var (k, v) in entries) Put(k, v);
        }

        public byte[] Delete(string key)
        {
            if (!Entries.Remove(key, out var old)) return null!;
            Changelog.Add((key, null));
            return old;
        }

        public byte[] Get(string key) => Entries.GetValueOrDefault(key)!;
        public IEnumerable<KeyValuePair<string, byte[]>> All() => Entries.ToList();
        public IEnumerable<KeyValuePair<string, byte[]>> ReverseAll() => Entries.Reverse().ToList();

        // The journal reads whole stores; ranges are not part of what it needs.
        public IKeyValueEnumerator<string, byte[]> Range(string from, string to) => throw new NotSupportedException();
        public IKeyValueEnumerator<string, byte[]> ReverseRange(string from, string to) => throw new NotSupportedException();
    }
}
