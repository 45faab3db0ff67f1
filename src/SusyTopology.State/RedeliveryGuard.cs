namespace SusyTopology.State;

/// <summary>
/// Which input records a restored state already holds. A processor notes the offset of each record it applies (and
/// journals it with the record); after a restore from the changelog, records up to the last noted offset are
/// redelivered ones (the state was flushed before a crash cut off the offset commit) until the first that is new.
/// Only right after a restore: the test driver re-pipes internal records with offsets that restart at 0.
/// </summary>
public sealed class RedeliveryGuard
{
    private bool _afterRestore;

    /// <summary>Offset of the last record applied to the state; -1 before any.</summary>
    public long AppliedThrough { get; private set; } = -1;

    /// <summary>A record at <paramref name="offset"/> was applied (or replayed from the journal).</summary>
    public void Applied(long offset) => AppliedThrough = Math.Max(AppliedThrough, offset);

    /// <summary>The state is restored: the records it holds may now be delivered again.</summary>
    public void Restored() => _afterRestore = AppliedThrough >= 0;

    /// <summary>True for a record the restored state already holds: skip it.</summary>
    public bool IsRedelivered(long offset)
    {
        if (!_afterRestore) return false;
        if (offset <= AppliedThrough) return true;
        _afterRestore = false;
        return false;
    }
}
