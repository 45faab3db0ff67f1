using SusyTopology.Learning.Metrics;

namespace SusyTopology.Dashboard.Aggregation;

/// <summary>
/// The labelled predictions of one group, scored with the learning library's own <see cref="Accuracy"/> and exact
/// <see cref="RocAuc"/> (the definitions every report of this project uses). A group that will not grow any more is
/// frozen: its figures are kept and the pairs the AUC needed are let go.
/// </summary>
internal sealed class QualityGroup(long key)
{
    private Accuracy? _accuracy = new();
    private RocAuc? _auc = new();
    private QualityPoint? _frozen;

    public long Key { get; } = key;
    public long Count { get; private set; }
    public bool Frozen => _frozen != null;

    public void Add(int label, double probability)
    {
        if (_frozen != null) throw new InvalidOperationException($"Group {Key} is frozen.");
        _accuracy!.Update(label, probability);
        _auc!.Update(label, probability);
        Count++;
    }

    public QualityPoint Point()
    {
        if (_frozen != null) return _frozen;
        var auc = _auc!.Value;
        return new QualityPoint(Key, Count, _accuracy!.Value, double.IsNaN(auc) ? null : auc);
    }

    public void Freeze()
    {
        _frozen ??= Point();
        _accuracy = null;
        _auc = null;
    }
}
