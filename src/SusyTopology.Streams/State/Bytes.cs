namespace SusyTopology.Streams.State;

/// <summary>
/// An immutable byte-array key with value equality, a cached hash and unsigned lexicographic order: the key type of
/// the byte-level stores under every typed store.
/// </summary>
public sealed class Bytes : IEquatable<Bytes>, IComparable<Bytes>
{
    private readonly int _hash;

    public Bytes(byte[] data)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        var hash = new HashCode();
        hash.AddBytes(data);
        _hash = hash.ToHashCode();
    }

    /// <summary>The wrapped array; callers must not mutate it.</summary>
    public byte[] Data { get; }

    public bool Equals(Bytes? other) => other is not null && (ReferenceEquals(this, other) ||
        (_hash == other._hash && Data.AsSpan().SequenceEqual(other.Data)));

    public override bool Equals(object? obj) => Equals(obj as Bytes);
    public override int GetHashCode() => _hash;

    public int CompareTo(Bytes? other) => other is null ? 1 : Data.AsSpan().SequenceCompareTo(other.Data);

    public override string ToString() => Convert.ToHexString(Data);
}
