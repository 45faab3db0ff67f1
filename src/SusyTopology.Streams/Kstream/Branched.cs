namespace SusyTopology.Streams.Kstream;

/// <summary>Name of a branch (appended to the split's name) and an optional consumer of the branch stream.</summary>
public sealed class Branched<TKey, TValue>
{
    private Branched(string? name, Action<IKStream<TKey, TValue>>? chain)
    {
        Name = name;
        Chain = chain;
    }

    public string? Name { get; }
    public Action<IKStream<TKey, TValue>>? Chain { get; }

    public static Branched<TKey, TValue> As(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(name, null);
    }

    /// <summary>Builds the branch's downstream in place; the branch still appears in the result map.</summary>
    public static Branched<TKey, TValue> WithConsumer(Action<IKStream<TKey, TValue>> chain, string? name = null) =>
        new(name, chain ?? throw new ArgumentNullException(nameof(chain)));
}
