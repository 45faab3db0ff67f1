namespace SusyTopology.Streams.Kstream.Internals;

internal sealed class GlobalKTableImpl<TKey, TValue>(string storeName) : IGlobalKTable<TKey, TValue>
{
    public string QueryableStoreName { get; } = storeName;
}
