using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Table;

namespace SusyTopology.State;

/// <summary>
/// Builds a <see cref="JournalStore"/> over Streamiz's in-memory key-value store stack (metered, change-logged to
/// <c>&lt;application.id&gt;-&lt;name&gt;-changelog</c>, uncached: the journal does its own grouping).
/// </summary>
public sealed class JournalStoreBuilder : IStoreBuilder<JournalStore>
{
    private readonly int _checkpointEvery;
    private IStoreBuilder<IKeyValueStore<string, byte[]>> _inner;

    public JournalStoreBuilder(string name, int checkpointEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEvery, 1);
        _checkpointEvery = checkpointEvery;
        _inner = Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(name), new StringSerDes(), new ByteArraySerDes())
            .WithLoggingEnabled(new Dictionary<string, string>())
            .WithCachingDisabled();
    }

    public string Name => _inner.Name;
    public bool IsWindowStore => false;
    public long RetentionMs => _inner.RetentionMs;
    public IDictionary<string, string> LogConfig => _inner.LogConfig;
    public bool LoggingEnabled => _inner.LoggingEnabled;
    public CacheSize CacheSize => _inner.CacheSize;

    public JournalStore Build(IStreamConfig config) => new(_inner.Build(config), _checkpointEvery);
    IStateStore IStoreBuilder.Build(IStreamConfig config) => Build(config);

    /// <summary>A cache in front of the journal would hold back the groups it must write before each commit.</summary>
    public IStoreBuilder<JournalStore> WithCachingEnabled(CacheSize? cacheSize = null) =>
        throw new NotSupportedException("A journal store writes through: caching it would delay its groups past the commit.");

    public IStoreBuilder<JournalStore> WithCachingDisabled() => this;

    public IStoreBuilder<JournalStore> WithLoggingEnabled(IDictionary<string, string> config)
    {
        _inner = _inner.WithLoggingEnabled(config);
        return this;
    }

    public IStoreBuilder<JournalStore> WithLoggingDisabled()
    {
        _inner = _inner.WithLoggingDisabled();
        return this;
    }

    public void CacheExplicitlySet() => _inner.CacheExplicitlySet();
}
