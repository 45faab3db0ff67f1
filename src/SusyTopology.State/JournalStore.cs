using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Enumerator;

namespace SusyTopology.State;

/// <summary>
/// A change-logged key-value store that holds a <see cref="JournaledState"/>: the outermost layer of its stack, so
/// Streamiz's flush of the task's stores before every commit writes the journal's open group first, and the group
/// reaches the changelog before the input offsets are committed. Everything else goes straight to the store it
/// decorates, which stays readable as a plain key-value store (by the test driver, or to seed a restart).
/// </summary>
public sealed class JournalStore(IKeyValueStore<string, byte[]> inner, int checkpointEvery) : IKeyValueStore<string, byte[]>
{
    public JournaledState Journal { get; } = new(inner, checkpointEvery);

    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsLocally => inner.IsLocally;
    public bool IsOpen => inner.IsOpen;

    /// <summary>Registers this store (not the inner one) as the root, so the task's state manager flushes it.</summary>
    public void Init(ProcessorContext context, IStateStore root) => inner.Init(context, this);

    public void Flush()
    {
        Journal.Flush();
        inner.Flush();
    }

    public void Close() => inner.Close();

    public byte[] Get(string key) => inner.Get(key);
    public IKeyValueEnumerator<string, byte[]> Range(string from, string to) => inner.Range(from, to);
    public IKeyValueEnumerator<string, byte[]> ReverseRange(string from, string to) => inner.ReverseRange(from, to);
    public IEnumerable<KeyValuePair<string, byte[]>> All() => inner.All();
    public IEnumerable<KeyValuePair<string, byte[]>> ReverseAll() => inner.ReverseAll();
    public long ApproximateNumEntries() => inner.ApproximateNumEntries();
    public void Put(string key, byte[] value) => inner.Put(key, value);
    public byte[] PutIfAbsent(string key, byte[] value) => inner.PutIfAbsent(key, value);
    public void PutAll(IEnumerable<KeyValuePair<string, byte[]>> entries) => inner.PutAll(entries);
    public byte[] Delete(string key) => inner.Delete(key);
}
