using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;
using SusyTopology.Streams.State.Internals;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class StoreTests
{
    /// <summary>Records registrations and changelog writes, as a task would.</summary>
    private sealed class RecordingContext : IStateStoreContext
    {
        public List<(string Store, byte[] Key, byte[]? Value, long Timestamp)> Logged { get; } = new();
        public Dictionary<string, IStateRestoreCallback> Registered { get; } = new();
        public string ApplicationId => "app";
        public TaskId TaskId => new(0, 3);
        public long CurrentRecordTimestamp { get; set; } = 42;

        public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => Registered[store.Name] = restoreCallback;

        public void LogChange(string storeName, byte[] key, byte[]? value, long timestamp) =>
            Logged.Add((storeName, key, value, timestamp));
    }

    [Fact]
    public void Key_value_stack_logs_every_write_and_a_fresh_stack_restored_from_the_log_is_identical()
    {
        var builder = Stores.InMemoryKeyValueStore("kv", Serdes.String(), Serdes.Int64());
        var context = new RecordingContext();
        var store = builder.Build();
        store.Init(context, store);
        store.Put("a", 1);
        store.Put("b", 2);
        store.Put("a", 3);
        Assert.Equal(0L, store.PutIfAbsent("c", 9));
        Assert.Equal(9L, store.PutIfAbsent("c", 10));
        Assert.Equal(2L, store.Delete("b"));
        Assert.Equal(5, context.Logged.Count); // the refused PutIfAbsent is not logged
        Assert.All(context.Logged, l => Assert.Equal(("kv", 42L), (l.Store, l.Timestamp)));

        var restoredContext = new RecordingContext();
        var restored = builder.Build();
        restored.Init(restoredContext, restored);
        foreach (var change in context.Logged) restoredContext.Registered["kv"].Restore(change.Key, change.Value);

        Assert.Equal([new("a", 3L), new("c", 9L)], restored.All());
        Assert.Equal(store.All(), restored.All());
        Assert.Equal(2, restored.ApproximateNumEntries);
        Assert.Empty(restoredContext.Logged); // restoring must not write the changelog again
    }

    [Fact]
    public void Range_returns_keys_in_serialized_byte_order()
    {
        var store = Stores.InMemoryKeyValueStore("kv", Serdes.String(), Serdes.Int32()).WithLoggingDisabled().Build();
        store.Init(new RecordingContext(), store);
        foreach (var key in new[] { "d", "a", "c", "b", "e" }) store.Put(key, key[0]);
        Assert.Equal(["b", "c", "d"], store.Range("b", "d").Select(e => e.Key));
        Assert.Equal(["a", "b", "c", "d", "e"], store.All().Select(e => e.Key));
    }

    [Fact]
    public void Window_store_stack_logs_key_and_window_start_and_restores_into_the_same_windows()
    {
        var builder = Stores.InMemoryWindowStore("w", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), Serdes.String(), Serdes.Int32());
        var context = new RecordingContext();
        var store = builder.Build();
        store.Init(context, store);
        store.Put("k", 1, 0);
        store.Put("k", 2, 60_000);
        store.Put("j", 3, 60_000);
        store.Put("k", default, 0); // a null (default) value of a reference type would delete; int 0 is a value
        Assert.Equal(4, context.Logged.Count);

        var restoredContext = new RecordingContext();
        var restored = builder.Build();
        restored.Init(restoredContext, restored);
        foreach (var change in context.Logged) restoredContext.Registered["w"].Restore(change.Key, change.Value);

        string Show(KeyValuePair<Kstream.Windowed<string>, int> e) => $"{e.Key}={e.Value}";
        Assert.Equal(store.All().Select(Show), restored.All().Select(Show));
        Assert.Equal(["[k@0/60000]=0", "[j@60000/120000]=3", "[k@60000/120000]=2"], restored.All().Select(Show));
        Assert.Equal([new(60_000L, 2)], restored.Fetch("k", 30_000, 90_000));
    }

    [Fact]
    public void In_memory_window_store_drops_writes_and_reads_beyond_retention()
    {
        var store = new InMemoryWindowStore("w", retentionPeriodMs: 100, windowSizeMs: 10);
        store.Init(new RecordingContext(), store);
        var key = new Bytes([1]);
        store.Put(key, [1], 0);
        store.Put(key, [2], 99);
        Assert.NotNull(store.Fetch(key, 0));
        store.Put(key, [3], 100);          // minimum live window start is now 1
        Assert.Null(store.Fetch(key, 0));
        store.Put(key, [4], 0);            // expired already: ignored
        Assert.Null(store.Fetch(key, 0));
        Assert.Equal([99L, 100L], store.All().Select(e => e.Key.Window.StartMs));
    }

    [Fact]
    public async Task Global_store_reads_are_safe_while_another_thread_writes()
    {
        var store = new InMemoryKeyValueStore("g");
        store.Init(new RecordingContext(), store);
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++) store.Put(new Bytes(BitConverter.GetBytes(i % 1000)), [(byte)i]);
        });
        while (!writer.IsCompleted)
        {
            store.Get(new Bytes(BitConverter.GetBytes(7)));
            _ = store.All();
        }
        await writer;
        Assert.Equal(1000, store.ApproximateNumEntries);
    }
}
