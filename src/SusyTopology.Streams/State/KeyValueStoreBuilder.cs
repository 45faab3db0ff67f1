using SusyTopology.Streams.State.Internals;

namespace SusyTopology.Streams.State;

/// <summary>Builds inner → change-logging (unless disabled) → metered key-value store stacks.</summary>
public sealed class KeyValueStoreBuilder<TKey, TValue> : IStoreBuilder<IKeyValueStore<TKey, TValue>>
{
    private readonly Func<string, IKeyValueStore<Bytes, byte[]>> _innerFactory;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;

    public KeyValueStoreBuilder(string name, Func<string, IKeyValueStore<Bytes, byte[]>> innerFactory,
        ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _innerFactory = innerFactory;
        _keySerde = keySerde ?? throw new ArgumentNullException(nameof(keySerde));
        _valueSerde = valueSerde ?? throw new ArgumentNullException(nameof(valueSerde));
    }

    public string Name { get; }
    public bool LoggingEnabled { get; private set; } = true;

    public KeyValueStoreBuilder<TKey, TValue> WithLoggingDisabled()
    {
        LoggingEnabled = false;
        return this;
    }

    public KeyValueStoreBuilder<TKey, TValue> WithLoggingEnabled()
    {
        LoggingEnabled = true;
        return this;
    }

    public IKeyValueStore<TKey, TValue> Build()
    {
        var inner = _innerFactory(Name);
        if (LoggingEnabled) inner = new ChangeLoggingKeyValueStore(inner);
        return new MeteredKeyValueStore<TKey, TValue>(inner, _keySerde, _valueSerde);
    }

    IStateStore IStoreBuilder.Build() => Build();
}
