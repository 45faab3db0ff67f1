using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams.State;

/// <summary>Queries of a window store: values addressed by key and window start.</summary>
public interface IReadOnlyWindowStore<TKey, TValue>
{
    bool TryFetch(TKey key, long windowStartMs, out TValue value);

    /// <summary>The value of the window starting at <paramref name="windowStartMs"/>, or default.</summary>
    TValue? Fetch(TKey key, long windowStartMs);

    /// <summary>The key's windows whose start lies in [fromMs, toMs], oldest first, as (window start, value).</summary>
    IReadOnlyList<KeyValuePair<long, TValue>> Fetch(TKey key, long fromMs, long toMs);

    /// <summary>All windows whose start lies in [fromMs, toMs], oldest first.</summary>
    IReadOnlyList<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long fromMs, long toMs);

    IReadOnlyList<KeyValuePair<Windowed<TKey>, TValue>> All();
}
