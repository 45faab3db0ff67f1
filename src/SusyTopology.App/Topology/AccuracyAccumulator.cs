namespace SusyTopology.App.Topology;

/// <summary>
/// The running state behind one <c>AccuracyReport</c>: counts, correct predictions, summed log loss and, for the AUC,
/// one histogram of predicted probabilities per class. A histogram keeps the state a fixed 16 KiB however many
/// predictions a window holds (it lives in a change-logged window store), at the price of an AUC that treats scores
/// within 1/<see cref="Bins"/> of each other as tied: an error below 1e-3 for these models, where the exact
/// Mann–Whitney AUC would have to keep every score.
/// </summary>
public sealed class AccuracyAccumulator
{
    public const int Bins = 1000;
    private const double ProbabilityFloor = 1e-7; // clip like Keras' binary_crossentropy so one confident miss stays finite

    private readonly long[] _negatives = new long[Bins];
    private readonly long[] _positives = new long[Bins];

    public long Count { get; private set; }
    public long Correct { get; private set; }
    public long Positives { get; private set; }
    public double LogLossSum { get; private set; }
    public long FirstEventTime { get; private set; } = long.MaxValue;
    public long LastEventTime { get; private set; } = long.MinValue;

    public double Accuracy => Count == 0 ? double.NaN : (double)Correct / Count;
    public double LogLoss => Count == 0 ? double.NaN : LogLossSum / Count;

    /// <summary>Adds one labelled prediction. Unlabelled predictions are not counted in accuracy (the caller skips them).</summary>
    public AccuracyAccumulator Add(int label, double probability, int predictedLabel, long eventTime)
    {
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, "Labels are 0 or 1.");
        if (!(probability is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "Not a probability.");
        Count++;
        if (predictedLabel == label) Correct++;
        var p = Math.Clamp(probability, ProbabilityFloor, 1 - ProbabilityFloor);
        LogLossSum -= label == 1 ? Math.Log(p) : Math.Log(1 - p);
        var bin = Math.Min(Bins - 1, (int)(probability * Bins));
        if (label == 1)
        {
            Positives++;
            _positives[bin]++;
        }
        else
        {
            _negatives[bin]++;
        }
        FirstEventTime = Math.Min(FirstEventTime, eventTime);
        LastEventTime = Math.Max(LastEventTime, eventTime);
        return this;
    }

    /// <summary>ROC AUC (Mann–Whitney with ties in one bin counted ½); null while a class is missing.</summary>
    public double? Auc
    {
        get
        {
            var negatives = Count - Positives;
            if (Positives == 0 || negatives == 0) return null;
            double wins = 0;
            long negativesBelow = 0;
            for (var b = 0; b < Bins; b++)
            {
                wins += _positives[b] * (negativesBelow + 0.5 * _negatives[b]);
                negativesBelow += _negatives[b];
            }
            return wins / ((double)Positives * negatives);
        }
    }

    public void Merge(AccuracyAccumulator other)
    {
        Count += other.Count;
        Correct += other.Correct;
        Positives += other.Positives;
        LogLossSum += other.LogLossSum;
        FirstEventTime = Math.Min(FirstEventTime, other.FirstEventTime);
        LastEventTime = Math.Max(LastEventTime, other.LastEventTime);
        for (var b = 0; b < Bins; b++)
        {
            _negatives[b] += other._negatives[b];
            _positives[b] += other._positives[b];
        }
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write((byte)1); // format version
            w.Write(Count);
            w.Write(Correct);
            w.Write(Positives);
            w.Write(LogLossSum);
            w.Write(FirstEventTime);
            w.Write(LastEventTime);
            WriteSparse(w, _negatives);
            WriteSparse(w, _positives);
        }
        return stream.ToArray();
    }

    public static AccuracyAccumulator FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray());
        using var r = new BinaryReader(stream);
        if (r.ReadByte() != 1) throw new InvalidDataException("Unknown accuracy accumulator format.");
        var result = new AccuracyAccumulator
        {
            Count = r.ReadInt64(),
            Correct = r.ReadInt64(),
            Positives = r.ReadInt64(),
            LogLossSum = r.ReadDouble(),
            FirstEventTime = r.ReadInt64(),
            LastEventTime = r.ReadInt64(),
        };
        ReadSparse(r, result._negatives);
        ReadSparse(r, result._positives);
        return result;
    }

    // Most bins are empty in a short window: store (bin, count) pairs.
    private static void WriteSparse(BinaryWriter w, long[] bins)
    {
        w.Write(bins.Count(c => c != 0));
        for (var b = 0; b < bins.Length; b++)
            if (bins[b] != 0)
            {
                w.Write((short)b);
                w.Write(bins[b]);
            }
    }

    private static void ReadSparse(BinaryReader r, long[] bins)
    {
        var n = r.ReadInt32();
        if (n < 0 || n > bins.Length) throw new InvalidDataException("Corrupt accuracy accumulator.");
        for (var i = 0; i < n; i++)
        {
            var b = r.ReadInt16();
            if (b < 0 || b >= bins.Length) throw new InvalidDataException("Corrupt accuracy accumulator.");
            bins[b] = r.ReadInt64();
        }
    }
}
