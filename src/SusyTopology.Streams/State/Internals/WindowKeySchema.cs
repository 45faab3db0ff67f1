using System.Buffers.Binary;

namespace SusyTopology.Streams.State.Internals;

/// <summary>
/// Changelog key layout of window stores: serialized key followed by the 8-byte big-endian window start, so a
/// restore can rebuild (key, window) without knowing the key type.
/// </summary>
public static class WindowKeySchema
{
    public static byte[] ToStoreKey(ReadOnlySpan<byte> key, long windowStartMs)
    {
        var result = new byte[key.Length + sizeof(long)];
        key.CopyTo(result);
        BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(key.Length), windowStartMs);
        return result;
    }

    public static (byte[] Key, long WindowStartMs) FromStoreKey(byte[] storeKey)
    {
        if (storeKey.Length < sizeof(long)) throw new InvalidDataException("window store key shorter than its timestamp");
        var key = storeKey.AsSpan(0, storeKey.Length - sizeof(long)).ToArray();
        var start = BinaryPrimitives.ReadInt64BigEndian(storeKey.AsSpan(storeKey.Length - sizeof(long)));
        return (key, start);
    }
}
