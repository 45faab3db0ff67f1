namespace SusyTopology.Streams.Kstream;

/// <summary>A changelog stream (each record an update of its key), backed by a queryable store.</summary>
public interface IKTable<TKey, TValue>
{
    string NodeName { get; }

    /// <summary>The store processors and the test driver can query.</summary>
    string QueryableStoreName { get; }

    /// <summary>Every update as a record stream.</summary>
    IKStream<TKey, TValue> ToStream(Named? named = null);
}
