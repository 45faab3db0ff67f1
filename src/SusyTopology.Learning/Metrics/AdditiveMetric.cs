namespace SusyTopology.Learning.Metrics;

/// <summary>
/// Base of every metric whose state is a short vector of sums over updates (counts, loss sums): that is what
/// makes the cumulative, tumbling, sliding and fading variants, and merging partitions, one implementation.
/// </summary>
public abstract class AdditiveMetric<TSelf> : IStreamingMetric where TSelf : AdditiveMetric<TSelf>
{
    private readonly double[] _sums;
    private readonly double[] _completed; // tumbling: the last finished block
    private bool _hasCompleted;
    private long _inBlock;
    private readonly int[] _ringLabels = [];
    private readonly double[] _ringProbabilities = [];
    private int _ringStart, _ringCount;
    private readonly double[] _contribution;

    protected AdditiveMetric(int statistics, MetricWindow? window)
    {
        Window = window ?? MetricWindow.Cumulative;
        _sums = new double[statistics];
        _completed = new double[statistics];
        _contribution = new double[statistics];
        if (Window.Kind == MetricWindowKind.Sliding)
        {
            _ringLabels = new int[Window.Size];
            _ringProbabilities = new double[Window.Size];
        }
    }

    public abstract string Name { get; }
    public MetricWindow Window { get; }

    /// <summary>The (window-weighted) sums the value is computed from.</summary>
    protected ReadOnlySpan<double> Sums => Window.Kind == MetricWindowKind.Tumbling && _hasCompleted ? _completed : _sums;

    /// <summary>Writes one update's contribution to each sum.</summary>
    protected abstract void Contribute(int label, double probability, Span<double> contribution);

    /// <summary>The metric from the sums.</summary>
    protected abstract double Compute(ReadOnlySpan<double> sums);

    public double Value => Compute(Sums);

    public void Update(int label, double probability)
    {
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, "Labels are 0 or 1.");
        if (double.IsNaN(probability)) throw new ArgumentOutOfRangeException(nameof(probability), "Probability is NaN.");
        switch (Window.Kind)
        {
            case MetricWindowKind.Fading:
                for (var i = 0; i < _sums.Length; i++) _sums[i] *= Window.Alpha;
                break;
            case MetricWindowKind.Sliding when _ringCount == Window.Size:
                Contribute(_ringLabels[_ringStart], _ringProbabilities[_ringStart], _contribution);
                for (var i = 0; i < _sums.Length; i++) _sums[i] -= _contribution[i];
                _ringStart = (_ringStart + 1) % Window.Size;
                _ringCount--;
                break;
        }
        Contribute(label, probability, _contribution);
        for (var i = 0; i < _sums.Length; i++) _sums[i] += _contribution[i];
        if (Window.Kind == MetricWindowKind.Sliding)
        {
            var slot = (_ringStart + _ringCount) % Window.Size;
            _ringLabels[slot] = label;
            _ringProbabilities[slot] = probability;
            _ringCount++;
        }
        else if (Window.Kind == MetricWindowKind.Tumbling && ++_inBlock == Window.Size)
        {
            _sums.CopyTo(_completed, 0);
            _hasCompleted = true;
            Array.Clear(_sums);
            _inBlock = 0;
        }
    }

    /// <summary>
    /// Folds another partition's metric into this one. Cumulative, fading and tumbling sums add (for tumbling,
    /// current and completed blocks separately); a sliding window takes the other's window as if its updates
    /// had arrived after this one's. Both must use the same window.
    /// </summary>
    public void Merge(TSelf other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Window != Window) throw new ArgumentException($"Cannot merge a {other.Window} {Name} into a {Window} one.", nameof(other));
        AdditiveMetric<TSelf> o = other;
        if (Window.Kind == MetricWindowKind.Sliding)
        {
            for (var k = 0; k < o._ringCount; k++)
            {
                var slot = (o._ringStart + k) % Window.Size;
                Update(o._ringLabels[slot], o._ringProbabilities[slot]);
            }
            return;
        }
        for (var i = 0; i < _sums.Length; i++) _sums[i] += o._sums[i];
        if (Window.Kind == MetricWindowKind.Tumbling && o._hasCompleted)
        {
            if (_hasCompleted) for (var i = 0; i < _completed.Length; i++) _completed[i] += o._completed[i];
            else o._completed.CopyTo(_completed, 0);
            _hasCompleted = true;
        }
    }

    public override string ToString() => $"{Name} [{Window}] = {Value:G6}";
}
