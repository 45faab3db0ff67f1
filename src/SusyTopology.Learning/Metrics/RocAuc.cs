namespace SusyTopology.Learning.Metrics;

/// <summary>
/// Exact area under the ROC curve (the Mann–Whitney U statistic with tied scores counted as ½) over the
/// window's (label, probability) pairs — not a binned approximation. It keeps the pairs, so memory is O(window)
/// (O(updates) when cumulative); <see cref="Value"/> sorts a copy: O(n log n). Fading windows are not offered:
/// an exact fading AUC would still have to keep every pair.
/// </summary>
public sealed class RocAuc : IStreamingMetric
{
    private int[] _labels;
    private double[] _scores;
    private int _start, _count;
    private int[] _completedLabels = [];
    private double[] _completedScores = [];
    private int _completedCount = -1;
    private double[] _sortScores = [];
    private int[] _sortLabels = [];

    public RocAuc(MetricWindow? window = null)
    {
        Window = window ?? MetricWindow.Cumulative;
        if (Window.Kind == MetricWindowKind.Fading)
            throw new ArgumentException("Exact ROC AUC needs every pair in the window; use a sliding or tumbling window instead of fading.", nameof(window));
        var initial = Window.Kind == MetricWindowKind.Cumulative ? 1024 : Window.Size;
        _labels = new int[initial];
        _scores = new double[initial];
    }

    public string Name => "roc_auc";
    public MetricWindow Window { get; }

    /// <summary>Pairs in the window the value is computed over.</summary>
    public int Count => _completedCount >= 0 ? _completedCount : _count;

    public void Update(int label, double probability)
    {
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, "Labels are 0 or 1.");
        if (double.IsNaN(probability)) throw new ArgumentOutOfRangeException(nameof(probability), "Probability is NaN.");
        switch (Window.Kind)
        {
            case MetricWindowKind.Cumulative when _count == _labels.Length:
                Array.Resize(ref _labels, _count * 2);
                Array.Resize(ref _scores, _count * 2);
                break;
            case MetricWindowKind.Sliding when _count == Window.Size:
                _start = (_start + 1) % Window.Size;
                _count--;
                break;
        }
        var slot = (_start + _count) % _labels.Length;
        _labels[slot] = label;
        _scores[slot] = probability;
        _count++;
        if (Window.Kind == MetricWindowKind.Tumbling && _count >= Window.Size)
        {
            (_completedLabels, _labels) = (_labels, _completedLabels.Length == Window.Size ? _completedLabels : new int[Window.Size]);
            (_completedScores, _scores) = (_scores, _completedScores.Length == Window.Size ? _completedScores : new double[Window.Size]);
            _completedCount = _count;
            _count = 0;
        }
    }

    /// <summary>Adds another partition's pairs (a sliding window takes them as if they arrived after this one's).</summary>
    public void Merge(RocAuc other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Window != Window) throw new ArgumentException($"Cannot merge a {other.Window} AUC into a {Window} one.", nameof(other));
        if (Window.Kind == MetricWindowKind.Tumbling && other._completedCount > 0)
        {
            // Completed blocks combine into one completed block holding both partitions' pairs.
            var mine = Math.Max(_completedCount, 0);
            var labels = new int[mine + other._completedCount];
            var scores = new double[labels.Length];
            _completedLabels.AsSpan(0, mine).CopyTo(labels);
            _completedScores.AsSpan(0, mine).CopyTo(scores);
            other._completedLabels.AsSpan(0, other._completedCount).CopyTo(labels.AsSpan(mine));
            other._completedScores.AsSpan(0, other._completedCount).CopyTo(scores.AsSpan(mine));
            (_completedLabels, _completedScores, _completedCount) = (labels, scores, labels.Length);
        }
        for (var k = 0; k < other._count; k++)
        {
            var slot = (other._start + k) % other._labels.Length;
            if (Window.Kind == MetricWindowKind.Tumbling) AppendToCurrentBlock(other._labels[slot], other._scores[slot]);
            else Update(other._labels[slot], other._scores[slot]);
        }
    }

    private void AppendToCurrentBlock(int label, double score)
    {
        // Merging two partial tumbling blocks keeps them one (possibly over-full) block rather than splitting pairs across blocks.
        if (_count == _labels.Length)
        {
            Array.Resize(ref _labels, _count * 2);
            Array.Resize(ref _scores, _count * 2);
        }
        _labels[_count] = label;
        _scores[_count] = score;
        _count++;
    }

    public double Value
    {
        get
        {
            var useCompleted = _completedCount >= 0;
            var n = useCompleted ? _completedCount : _count;
            if (_sortScores.Length < n)
            {
                _sortScores = new double[Math.Max(n, _sortScores.Length * 2)];
                _sortLabels = new int[_sortScores.Length];
            }
            for (var k = 0; k < n; k++)
            {
                if (useCompleted)
                {
                    _sortScores[k] = _completedScores[k];
                    _sortLabels[k] = _completedLabels[k];
                }
                else
                {
                    var slot = (_start + k) % _labels.Length;
                    _sortScores[k] = _scores[slot];
                    _sortLabels[k] = _labels[slot];
                }
            }
            return Compute(_sortScores.AsSpan(0, n), _sortLabels.AsSpan(0, n));
        }
    }

    /// <summary>Exact AUC of the pairs (sorts the spans in place); NaN unless both classes are present.</summary>
    public static double Compute(Span<double> scores, Span<int> labels)
    {
        scores.Sort(labels);
        long positives = 0;
        foreach (var l in labels) positives += l;
        long negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        // Sum of the (tie-averaged, 1-based) ranks of the positives.
        double rankSum = 0;
        for (var i = 0; i < scores.Length;)
        {
            var j = i;
            var positivesInTie = 0;
            while (j < scores.Length && scores[j] == scores[i]) positivesInTie += labels[j++];
            var averageRank = (i + 1 + j) / 2.0; // ranks i+1 … j
            rankSum += positivesInTie * averageRank;
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    public override string ToString() => $"{Name} [{Window}] = {Value:G6}";
}
