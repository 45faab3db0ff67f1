namespace SusyTopology.Streams.State.Internals;

/// <summary>
/// The innermost byte-level key-value store. A hash map gives O(1) gets and puts on the hot path; the rare range
/// queries sort a snapshot instead of paying for a tree on every write. Every method locks because global stores
/// are written by the global updater while stream threads read them (Kafka's in-memory store is synchronized too).
/// </summary>
public sealed class InMemoryKeyValueStore : IKeyValueStore<Bytes, byte[]>
{
    private readonly Dictionary<Bytes, byte[]> _map = new();
    private readonly object _gate = new();

    public InMemoryKeyValueStore(string name) => Name = name;

    public string Name { get; }
    public bool Persistent => false;
    public bool IsOpen { get; private set; }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        context.Register(root, new RestoreCallback(this));
        IsOpen = true;
    }

    public bool TryGet(Bytes key, out byte[] value)
    {
        lock (_gate) return _map.TryGetValue(key, out value!);
    }

    public byte[]? Get(Bytes key) => TryGet(key, out var value) ? value : null;

    public void Put(Bytes key, byte[] value)
    {
        lock (_gate)
        {
            if (value is null) _map.Remove(key);
            else _map[key] = value;
        }
    }

    public byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var existing)) return existing;
            if (value is not null) _map[key] = value;
            return null;
        }
    }

    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]>> entries)
    {
        foreach (var entry in entries) Put(entry.Key, entry.Value);
    }

    public byte[]? Delete(Bytes key)
    {
        lock (_gate) return _map.Remove(key, out var old) ? old : null;
    }

    public IReadOnlyList<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to)
    {
        lock (_gate)
        {
            var result = new List<KeyValuePair<Bytes, byte[]>>();
            foreach (var entry in _map)
                if (entry.Key.CompareTo(from) >= 0 && entry.Key.CompareTo(to) <= 0) result.Add(entry);
            result.Sort(static (a, b) => a.Key.CompareTo(b.Key));
            return result;
        }
    }

    public IReadOnlyList<KeyValuePair<Bytes, byte[]>> All()
    {
        lock (_gate)
        {
            var result = new List<KeyValuePair<Bytes, byte[]>>(_map);
            result.Sort(static (a, b) => a.Key.CompareTo(b.Key));
            return result;
        }
    }

    public long ApproximateNumEntries
    {
        get { lock (_gate) return _map.Count; }
    }

    public void Flush() { }

    public void Close()
    {
        lock (_gate) _map.Clear();
        IsOpen = false;
    }

    private sealed class RestoreCallback(InMemoryKeyValueStore store) : IStateRestoreCallback
    {
        public void Restore(byte[] key, byte[]? value)
        {
            if (value is null) store.Delete(new Bytes(key));
            else store.Put(new Bytes(key), value);
        }
    }
}
