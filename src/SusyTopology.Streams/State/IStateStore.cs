namespace SusyTopology.Streams.State;

/// <summary>A named store owned by a task (or, for global stores, by the whole instance).</summary>
public interface IStateStore
{
    string Name { get; }

    /// <summary>False for in-memory stores: they are rebuilt from their changelog on every start.</summary>
    bool Persistent { get; }

    bool IsOpen { get; }

    /// <summary>
    /// Opens the store. The innermost layer of a decorator stack registers <paramref name="root"/> (the outermost
    /// layer, the one processors see) with the context, together with the callback that restores raw changelog
    /// records into itself.
    /// </summary>
    void Init(IStateStoreContext context, IStateStore root);

    void Flush();

    void Close();
}
