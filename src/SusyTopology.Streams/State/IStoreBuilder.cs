namespace SusyTopology.Streams.State;

/// <summary>Builds a fresh decorator stack of a store for every task that owns one.</summary>
public interface IStoreBuilder
{
    string Name { get; }

    /// <summary>Whether writes go to the store's changelog topic &lt;application.id&gt;-&lt;name&gt;-changelog.</summary>
    bool LoggingEnabled { get; }

    IStateStore Build();
}

/// <summary>A store builder that also tells the store's query type.</summary>
public interface IStoreBuilder<out TStore> : IStoreBuilder where TStore : IStateStore
{
    new TStore Build();
}
