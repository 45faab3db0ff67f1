using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams.State.Internals;

/// <summary>Sends every window write to the changelog, keyed by <see cref="WindowKeySchema"/>.</summary>
public sealed class ChangeLoggingWindowStore : IWindowStore<Bytes, byte[]>
{
    private readonly IWindowStore<Bytes, byte[]> _inner;
    private IStateStoreContext? _context;

    public ChangeLoggingWindowStore(IWindowStore<Bytes, byte[]> inner) => _inner = inner;

    public string Name => _inner.Name;
    public bool Persistent => _inner.Persistent;
    public bool IsOpen => _inner.IsOpen;
    public long WindowSizeMs => _inner.WindowSizeMs;
    public long RetentionPeriodMs => _inner.RetentionPeriodMs;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _context = context;
        _inner.Init(context, root);
    }

    public void Put(Bytes key, byte[]? value, long windowStartMs)
    {
        _inner.Put(key, value, windowStartMs);
        var context = _context ?? throw new InvalidOperationException($"store {Name} is not initialized");
        context.LogChange(Name, WindowKeySchema.ToStoreKey(key.Data, windowStartMs), value, context.CurrentRecordTimestamp);
    }

    public bool TryFetch(Bytes key, long windowStartMs, out byte[] value) => _inner.TryFetch(key, windowStartMs, out value);
    public byte[]? Fetch(Bytes key, long windowStartMs) => _inner.Fetch(key, windowStartMs);
    public IReadOnlyList<KeyValuePair<long, byte[]>> Fetch(Bytes key, long fromMs, long toMs) => _inner.Fetch(key, fromMs, toMs);
    public IReadOnlyList<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long fromMs, long toMs) => _inner.FetchAll(fromMs, toMs);
    public IReadOnlyList<KeyValuePair<Windowed<Bytes>, byte[]>> All() => _inner.All();
    public void Flush() => _inner.Flush();
    public void Close() => _inner.Close();
}
