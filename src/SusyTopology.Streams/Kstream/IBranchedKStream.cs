namespace SusyTopology.Streams.Kstream;

/// <summary>The branches of a <see cref="IKStream{TKey,TValue}.Split"/>, keyed by split name + branch name.</summary>
public interface IBranchedKStream<TKey, TValue>
{
    IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null);

    /// <summary>Adds the branch for records no predicate accepted and returns every branch.</summary>
    IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null);

    /// <summary>Returns every branch; records no predicate accepted are dropped.</summary>
    IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch();
}
