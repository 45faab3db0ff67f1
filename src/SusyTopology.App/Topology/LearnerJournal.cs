using System.Buffers.Binary;

namespace SusyTopology.App.Topology;

/// <summary>
/// The learner's journal entries (see <see cref="State.JournaledState"/>). A full checkpoint (weights, Adam moments,
/// standardiser, RNG, pending rows, replay buffer: about a megabyte) is written every
/// <see cref="SusyTopologyOptions.CheckpointEveryRecords"/> records; every record in between is journaled as one
/// ~90-byte entry with its input offset. Since training is deterministic, restoring the checkpoint and replaying the
/// journal in order reproduces the learner bit for bit, and the offsets say which input records it already holds.
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
    public static int LearnBytes(int featureCount) => 1 + 4 + 4 * featureCount + 8;

    /// <summary>
    /// Writes a <see cref="Op.Learn"/> entry into <paramref name="destination"/> (<see cref="LearnBytes"/> long): one per
    /// record, so no allocation. <paramref name="offset"/> is the record's offset in the learner's input partition.
    /// </summary>
    public static ReadOnlySpan<byte> Learn(ReadOnlySpan<float> features, int label, long offset, Span<byte> destination)
    {
        var bytes = destination[..LearnBytes(features.Length)];
        bytes[0] = (byte)Op.Learn;
        BinaryPrimitives.WriteInt32LittleEndian(bytes[1..], label);
        for (var i = 0; i < features.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes[(5 + 4 * i)..], features[i]);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[(5 + 4 * features.Length)..], offset);
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

    /// <summary>Reads a <see cref="Op.Learn"/> entry: the label, the features, and the input offset (-1 in entries written before offsets were).</summary>
    public static (int Label, long Offset) ReadLearn(ReadOnlySpan<byte> entry, Span<float> features)
    {
        var withoutOffset = 5 + 4 * features.Length;
        if (entry.Length != withoutOffset && entry.Length != withoutOffset + 8)
            throw new InvalidDataException("Learner journal entry has the wrong size.");
        for (var i = 0; i < features.Length; i++)
            features[i] = BinaryPrimitives.ReadSingleLittleEndian(entry[(5 + 4 * i)..]);
        var offset = entry.Length == withoutOffset ? -1 : BinaryPrimitives.ReadInt64LittleEndian(entry[withoutOffset..]);
        return (BinaryPrimitives.ReadInt32LittleEndian(entry[1..]), offset);
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
