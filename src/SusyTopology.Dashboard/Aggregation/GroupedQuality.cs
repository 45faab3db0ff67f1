namespace SusyTopology.Dashboard.Aggregation;

/// <summary>
/// Accuracy and AUC of labelled predictions grouped by a key that grows with time (a window start, a model version):
/// the newest <see cref="OpenGroups"/> groups take late predictions, older ones are frozen, and only the newest
/// <see cref="MaxGroups"/> are kept, so memory stays bounded however long the dashboard runs.
/// </summary>
public sealed class GroupedQuality(int maxGroups = 360, int openGroups = 3)
{
    private readonly SortedDictionary<long, QualityGroup> _groups = new();

    public int MaxGroups { get; } = maxGroups > 0 ? maxGroups : throw new ArgumentOutOfRangeException(nameof(maxGroups));
    public int OpenGroups { get; } = openGroups > 0 ? openGroups : throw new ArgumentOutOfRangeException(nameof(openGroups));

    /// <summary>Predictions that arrived for a group already frozen or dropped (too late to count).</summary>
    public long Late { get; private set; }

    public void Add(long key, int label, double probability)
    {
        if (!_groups.TryGetValue(key, out var group))
        {
            if (_groups.Count > 0 && key < _groups.Keys.First() && _groups.Count >= MaxGroups)
            {
                Late++;
                return;
            }
            group = new QualityGroup(key);
            _groups.Add(key, group);
            Trim();
        }
        if (group.Frozen)
        {
            Late++;
            return;
        }
        group.Add(label, probability);
    }

    public IReadOnlyList<QualityPoint> Points() => _groups.Values.Select(g => g.Point()).ToList();

    private void Trim()
    {
        while (_groups.Count > MaxGroups) _groups.Remove(_groups.Keys.First());
        foreach (var group in _groups.Values.Take(Math.Max(0, _groups.Count - OpenGroups))) group.Freeze();
    }
}
