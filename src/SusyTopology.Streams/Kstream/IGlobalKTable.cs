namespace SusyTopology.Streams.Kstream;

/// <summary>
/// A table fully replicated on every instance (all partitions of its topic). Processors read it with
/// <c>context.GetStateStore&lt;IKeyValueStore&lt;K, V&gt;&gt;(QueryableStoreName)</c>.
/// </summary>
public interface IGlobalKTable<TKey, TValue>
{
    string QueryableStoreName { get; }
}
