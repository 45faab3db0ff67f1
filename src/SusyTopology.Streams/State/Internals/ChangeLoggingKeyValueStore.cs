namespace SusyTopology.Streams.State.Internals;

/// <summary>
/// Sends every write of the inner store to the store's changelog partition through the task's record collector
/// (the same producer as the task's output, so exactly-once covers state too).
/// </summary>
public sealed class ChangeLoggingKeyValueStore : IKeyValueStore<Bytes, byte[]>
{
    private readonly IKeyValueStore<Bytes, byte[]> _inner;
    private IStateStoreContext? _context;

    public ChangeLoggingKeyValueStore(IKeyValueStore<Bytes, byte[]> inner) => _inner = inner;

    public string Name => _inner.Name;
    public bool Persistent => _inner.Persistent;
    public bool IsOpen => _inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _context = context;
        _inner.Init(context, root);
    }

    private void Log(Bytes key, byte[]? value)
    {
        var context = _context ?? throw new InvalidOperationException($"store {Name} is not initialized");
        context.LogChange(Name, key.Data, value, context.CurrentRecordTimestamp);
    }

    public void Put(Bytes key, byte[] value)
    {
        _inner.Put(key, value);
        Log(key, value);
    }

    public byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        var previous = _inner.PutIfAbsent(key, value);
        if (previous is null) Log(key, value);
        return previous;
    }

    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]>> entries)
    {
        foreach (var entry in entries) Put(entry.Key, entry.Value);
    }

    public byte[]? Delete(Bytes key)
    {
        var old = _inner.Delete(key);
        Log(key, null);
        return old;
    }

    public bool TryGet(Bytes key, out byte[] value) => _inner.TryGet(key, out value);
    public byte[]? Get(Bytes key) => _inner.Get(key);
    public IReadOnlyList<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to) => _inner.Range(from, to);
    public IReadOnlyList<KeyValuePair<Bytes, byte[]>> All() => _inner.All();
    public long ApproximateNumEntries => _inner.ApproximateNumEntries;
    public void Flush() => _inner.Flush();
    public void Close() => _inner.Close();
}
