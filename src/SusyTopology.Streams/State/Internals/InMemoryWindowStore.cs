using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams.State.Internals;

/// <summary>
/// The innermost byte-level window store: windows grouped by start time, so expiring whole windows once stream time
/// has passed the retention period is a cheap removal of the oldest groups. Stream time here is the largest window
/// start ever written (as Kafka's in-memory window store observes it).
/// </summary>
public sealed class InMemoryWindowStore : IWindowStore<Bytes, byte[]>
{
    private readonly SortedDictionary<long, Dictionary<Bytes, byte[]>> _windows = new();
    private readonly object _gate = new();
    private long _observedStreamTime = -1;
    private long _expiredBelow = long.MinValue;

    public InMemoryWindowStore(string name, long retentionPeriodMs, long windowSizeMs)
    {
        if (windowSizeMs <= 0) throw new ArgumentOutOfRangeException(nameof(windowSizeMs));
        if (retentionPeriodMs < windowSizeMs)
            throw new ArgumentOutOfRangeException(nameof(retentionPeriodMs), "retention must cover at least one window");
        Name = name;
        RetentionPeriodMs = retentionPeriodMs;
        WindowSizeMs = windowSizeMs;
    }

    public string Name { get; }
    public bool Persistent => false;
    public bool IsOpen { get; private set; }
    public long WindowSizeMs { get; }
    public long RetentionPeriodMs { get; }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        context.Register(root, new RestoreCallback(this));
        IsOpen = true;
    }

    private long MinLiveTime => _observedStreamTime - RetentionPeriodMs + 1;

    public void Put(Bytes key, byte[]? value, long windowStartMs)
    {
        lock (_gate)
        {
            _observedStreamTime = Math.Max(_observedStreamTime, windowStartMs);
            ExpireOldWindows();
            if (windowStartMs < MinLiveTime) return; // the window is already past retention: Kafka drops it too
            if (value is null)
            {
                if (_windows.TryGetValue(windowStartMs, out var keys) && keys.Remove(key) && keys.Count == 0)
                    _windows.Remove(windowStartMs);
                return;
            }
            if (!_windows.TryGetValue(windowStartMs, out var window))
                _windows[windowStartMs] = window = new Dictionary<Bytes, byte[]>();
            window[key] = value;
        }
    }

    private void ExpireOldWindows()
    {
        // Only when stream time moved: finding the oldest window walks (and allocates) a tree enumerator.
        var minLive = MinLiveTime;
        if (minLive <= _expiredBelow) return;
        _expiredBelow = minLive;
        while (_windows.Count > 0)
        {
            var oldest = _windows.Keys.First();
            if (oldest >= minLive) break;
            _windows.Remove(oldest);
        }
    }

    public bool TryFetch(Bytes key, long windowStartMs, out byte[] value)
    {
        lock (_gate)
        {
            if (windowStartMs >= MinLiveTime && _windows.TryGetValue(windowStartMs, out var window) &&
                window.TryGetValue(key, out value!))
                return true;
            value = null!;
            return false;
        }
    }

    public byte[]? Fetch(Bytes key, long windowStartMs) => TryFetch(key, windowStartMs, out var value) ? value : null;

    public IReadOnlyList<KeyValuePair<long, byte[]>> Fetch(Bytes key, long fromMs, long toMs)
    {
        lock (_gate)
        {
            var result = new List<KeyValuePair<long, byte[]>>();
            var from = Math.Max(fromMs, MinLiveTime);
            foreach (var (start, window) in _windows)
            {
                if (start < from) continue;
                if (start > toMs) break;
                if (window.TryGetValue(key, out var value)) result.Add(new(start, value));
            }
            return result;
        }
    }

    public IReadOnlyList<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long fromMs, long toMs)
    {
        lock (_gate)
        {
            var result = new List<KeyValuePair<Windowed<Bytes>, byte[]>>();
            var from = Math.Max(fromMs, MinLiveTime);
            foreach (var (start, window) in _windows)
            {
                if (start < from) continue;
                if (start > toMs) break;
                var timeWindow = new TimeWindow(start, start + WindowSizeMs);
                var sorted = new List<KeyValuePair<Bytes, byte[]>>(window);
                sorted.Sort(static (a, b) => a.Key.CompareTo(b.Key));
                foreach (var entry in sorted) result.Add(new(new Windowed<Bytes>(entry.Key, timeWindow), entry.Value));
            }
            return result;
        }
    }

    public IReadOnlyList<KeyValuePair<Windowed<Bytes>, byte[]>> All() => FetchAll(long.MinValue, long.MaxValue);

    public void Flush() { }

    public void Close()
    {
        lock (_gate) _windows.Clear();
        IsOpen = false;
    }

    private sealed class RestoreCallback(InMemoryWindowStore store) : IStateRestoreCallback
    {
        public void Restore(byte[] key, byte[]? value)
        {
            var (innerKey, start) = WindowKeySchema.FromStoreKey(key);
            store.Put(new Bytes(innerKey), value, start);
        }
    }
}
