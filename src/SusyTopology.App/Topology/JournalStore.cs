using SusyTopology.Streams.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// A change-logged key-value store that holds a <see cref="JournaledState"/>: the outermost layer of its stack, so
/// the runtime's flush before every commit (and the test driver's after every record) writes the journal's open
/// group first. Everything else goes straight to the store it decorates, which stays queryable as a plain
/// key-value store (e.g. by the test driver, or to seed a restart).
/// </summary>
internal sealed class JournalStore(IKeyValueStore<string, byte[]> inner, int checkpointEvery) : IKeyValueStore<string, byte[]>
{
    public JournaledState Journal { get; } = new(inner, checkpointEvery);

    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;
    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

    public void Flush()
    {
        Journal.Flush();
        inner.Flush();
    }

    public void Close() => inner.Close();

    public void Put(string key, byte[] value) => inner.Put(key, value);
    public byte[]? PutIfAbsent(string key, byte[] value) => inner.PutIfAbsent(key, value);
    public void PutAll(IEnumerable<KeyValuePair<string, byte[]>> entries) => inner.PutAll(entries);
    public byte[]? Delete(string key) => inner.Delete(key);
    public bool TryGet(string key, out byte[] value) => inner.TryGet(key, out value);
    public byte[]? Get(string key) => inner.Get(key);
    public IReadOnlyList<KeyValuePair<string, byte[]>> Range(string from, string to) => inner.Range(from, to);
    public IReadOnlyList<KeyValuePair<string, byte[]>> All() => inner.All();
}
