using System.Buffers.Binary;

namespace SusyTopology.App.Topology;

/// <summary>
/// The learner's journal entries (see <see cref="State.JournaledState"/>). A full checkpoint (weights, Adam moments,
/// standardiser, RNG, pending rows, replay buffer: about a megabyte) is written every
/// <see cref="SusyTopologyOptions.CheckpointEveryRecords"/> records; every record in between is journaled as one
/// ~90-byte entry with the events-topic partition and offset it came from (<see cref="EventOrigin"/>). Since training
/// is deterministic, restoring the checkpoint and replaying the journal in order reproduces the learner bit for bit,
/// and the origins say which events it already holds.
/// </summary>
internal static class LearnerJournal
{
    public enum Op : byte
    {
        Learn = 1,
        /// <summary>A wall-clock publish trained the incomplete mini-batch: replay must do the same at the same point.</summary>
        Flush = 2,
        /// <summary>A snapshot was published (its version is in the entry), so replay restores the publish bookkeeping.</summary>
        Published = 3,
        /// <summary>The learner's replay steps per batch changed (catch-up mode, see <see cref="ReplayGovernor"/>) from the next record on.</summary>
        Replay = 4,
    }

    /// <summary>Bytes of a <see cref="Op.Learn"/> entry for <paramref name="featureCount"/> features.</summary>
    public static int LearnBytes(int featureCount) => 1 + 4 + 4 * featureCount + 4 + 8;

    /// <summary>
    /// Writes a <see cref="Op.Learn"/> entry into <paramref name="destination"/> (<see cref="LearnBytes"/> long): one per
    /// record, so no allocation. <paramref name="partition"/> and <paramref name="offset"/> are the event's origin in the
    /// events topic (-1 when unknown).
    /// </summary>
    public static ReadOnlySpan<byte> Learn(ReadOnlySpan<float> features, int label, int partition, long offset, Span<byte> destination)
    {
        var bytes = destination[..LearnBytes(features.Length)];
        bytes[0] = (byte)Op.Learn;
        BinaryPrimitives.WriteInt32LittleEndian(bytes[1..], label);
        for (var i = 0; i < features.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes[(5 + 4 * i)..], features[i]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[(5 + 4 * features.Length)..], partition);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[(9 + 4 * features.Length)..], offset);
        return bytes;
    }

    public static byte[] Flush() => [(byte)Op.Flush];

    public static byte[] Published(long version)
    {
        var bytes = new byte[9];
        bytes[0] = (byte)Op.Published;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), version);
        return bytes;
    }

    public static Op Kind(ReadOnlySpan<byte> entry) =>
        entry.Length > 0 && entry[0] is >= 1 and <= 4 ? (Op)entry[0] : throw new InvalidDataException("Corrupt learner journal entry.");

    /// <summary>
    /// Reads a <see cref="Op.Learn"/> entry: the label, the features, and the event's origin (-1, -1 in entries of
    /// earlier layouts: without a position, or with the offset of the learner's own input, which says nothing of origin).
    /// </summary>
    public static (int Label, int Partition, long Offset) ReadLearn(ReadOnlySpan<byte> entry, Span<float> features)
    {
        var withoutOrigin = 5 + 4 * features.Length;
        if (entry.Length != withoutOrigin && entry.Length != withoutOrigin + 8 && entry.Length != withoutOrigin + 12)
            throw new InvalidDataException("Learner journal entry has the wrong size.");
        for (var i = 0; i < features.Length; i++)
            features[i] = BinaryPrimitives.ReadSingleLittleEndian(entry[(5 + 4 * i)..]);
        var label = BinaryPrimitives.ReadInt32LittleEndian(entry[1..]);
        return entry.Length == withoutOrigin + 12
            ? (label, BinaryPrimitives.ReadInt32LittleEndian(entry[withoutOrigin..]), BinaryPrimitives.ReadInt64LittleEndian(entry[(withoutOrigin + 4)..]))
            : (label, -1, -1);
    }

    public static byte[] Replay(int steps)
    {
        var bytes = new byte[5];
        bytes[0] = (byte)Op.Replay;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), steps);
        return bytes;
    }

    public static int ReadReplay(ReadOnlySpan<byte> entry) =>
        entry.Length == 5 ? BinaryPrimitives.ReadInt32LittleEndian(entry[1..]) : throw new InvalidDataException("Learner journal replay entry has the wrong size.");

    public static long ReadPublished(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadInt64LittleEndian(entry[1..]);
}
