using SusyTopology.Streams.State.Internals;

namespace SusyTopology.Streams.State;

/// <summary>Builds inner → change-logging (unless disabled) → metered window store stacks.</summary>
public sealed class WindowStoreBuilder<TKey, TValue> : IStoreBuilder<IWindowStore<TKey, TValue>>
{
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;

    public WindowStoreBuilder(string name, TimeSpan retentionPeriod, TimeSpan windowSize, ISerde<TKey> keySerde,
        ISerde<TValue> valueSerde)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        RetentionPeriodMs = (long)retentionPeriod.TotalMilliseconds;
        WindowSizeMs = (long)windowSize.TotalMilliseconds;
        if (WindowSizeMs <= 0) throw new ArgumentOutOfRangeException(nameof(windowSize), "window size must be positive");
        if (RetentionPeriodMs < WindowSizeMs)
            throw new ArgumentOutOfRangeException(nameof(retentionPeriod), "retention must be at least the window size");
        _keySerde = keySerde ?? throw new ArgumentNullException(nameof(keySerde));
        _valueSerde = valueSerde ?? throw new ArgumentNullException(nameof(valueSerde));
    }

    public string Name { get; }
    public long RetentionPeriodMs { get; }
    public long WindowSizeMs { get; }
    public bool LoggingEnabled { get; private set; } = true;

    public WindowStoreBuilder<TKey, TValue> WithLoggingDisabled()
    {
        LoggingEnabled = false;
        return this;
    }

    public IWindowStore<TKey, TValue> Build()
    {
        IWindowStore<Bytes, byte[]> inner = new InMemoryWindowStore(Name, RetentionPeriodMs, WindowSizeMs);
        if (LoggingEnabled) inner = new ChangeLoggingWindowStore(inner);
        return new MeteredWindowStore<TKey, TValue>(inner, _keySerde, _valueSerde);
    }

    IStateStore IStoreBuilder.Build() => Build();
}
