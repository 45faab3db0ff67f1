using SusyTopology.Streams.State;

namespace SusyTopology.App.Topology;

/// <summary>Builds a <see cref="JournalStore"/> over the stack another builder makes (change-logged, metered).</summary>
internal sealed class JournalStoreBuilder(IStoreBuilder<IKeyValueStore<string, byte[]>> inner, int checkpointEvery) : IStoreBuilder<JournalStore>
{
    public string Name => inner.Name;
    public bool LoggingEnabled => inner.LoggingEnabled;
    public JournalStore Build() => new(inner.Build(), checkpointEvery);
    IStateStore IStoreBuilder.Build() => Build();
}
