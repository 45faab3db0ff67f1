namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>
/// A split: one branch processor whose children are pass-through nodes named split name + branch name (or its
/// 1-based index), as in Kafka Streams. The predicates are read when a task is built, after all branches exist.
/// </summary>
internal sealed class BranchedKStreamImpl<TKey, TValue> : IBranchedKStream<TKey, TValue>
{
    private readonly KStreamImpl<TKey, TValue> _parent;
    private readonly string _splitName;
    private readonly List<(Func<TKey, TValue, bool> Predicate, string Child)> _branches = new();
    private readonly Dictionary<string, IKStream<TKey, TValue>> _result = new(StringComparer.Ordinal);
    private string? _defaultChild;
    private bool _closed;

    public BranchedKStreamImpl(KStreamImpl<TKey, TValue> parent, string splitName)
    {
        _parent = parent;
        _splitName = splitName;
        DslNodes.AddProcessor(parent.Builder, splitName,
            () => new BranchProcessor<TKey, TValue>(_branches, () => _defaultChild), parent.NodeName);
    }

    public IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        EnsureOpen();
        var child = AddBranch(branched);
        _branches.Add((predicate, child));
        return this;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null)
    {
        EnsureOpen();
        _defaultChild = AddBranch(branched);
        _closed = true;
        return _result;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch()
    {
        EnsureOpen();
        _closed = true;
        return _result;
    }

    private string AddBranch(Branched<TKey, TValue>? branched)
    {
        var childName = _splitName + (branched?.Name ?? (_result.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        DslNodes.AddProcessor(_parent.Builder, childName, () => new PassThroughProcessor<TKey, TValue>(), _splitName);
        var stream = new KStreamImpl<TKey, TValue>(_parent.Builder, childName, _parent.KeySerde, _parent.ValueSerde,
            _parent.RepartitionRequired);
        branched?.Chain?.Invoke(stream);
        _result.Add(childName, stream);
        return childName;
    }

    private void EnsureOpen()
    {
        if (_closed) throw new InvalidOperationException($"Split '{_splitName}' is already finished.");
    }
}
