using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace SusyTopology.Avro.IO;

/// <summary>
/// Avro binary encoder over a growable buffer that is reused across records (<see cref="Reset"/>), so that encoding
/// allocates nothing once the buffer has grown to the largest record. Not thread-safe: use one per thread.
/// </summary>
public sealed class AvroBinaryWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _position;

    public AvroBinaryWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Number of bytes written since the last <see cref="Reset"/>.</summary>
    public int Length => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    public void Reset() => _position = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void WriteNull()
    {
        // null is encoded as zero bytes.
    }

    public void WriteBoolean(bool value)
    {
        Ensure(1);
        _buffer[_position++] = value ? (byte)1 : (byte)0;
    }

    public void WriteInt(int value) => WriteLong(value);

    /// <summary>Zig-zag encoded variable-length long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLong(long value)
    {
        Ensure(10);
        var n = (ulong)((value << 1) ^ (value >> 63));
        var buffer = _buffer;
        var pos = _position;
        while (n >= 0x80)
        {
            buffer[pos++] = (byte)(n | 0x80);
            n >>= 7;
        }
        buffer[pos++] = (byte)n;
        _position = pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFloat(float value)
    {
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteFixed(value);
    }

    /// <summary>A string as its UTF-8 length and bytes. Lone surrogates cannot be UTF-8 encoded and are rejected.</summary>
    public void WriteString(string value)
    {
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new AvroEncodingException($"string is not valid UTF-16 and cannot be encoded as UTF-8: {e.Message}");
        }
        WriteLong(byteCount);
        Ensure(byteCount);
        _position += StrictUtf8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>Raw bytes with no length prefix (fixed values, or a framing header).</summary>
    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    /// <summary>Raw bytes that must be exactly <paramref name="size"/> long (a fixed value).</summary>
    public void WriteFixed(ReadOnlySpan<byte> value, int size)
    {
        if (value.Length != size)
            throw new AvroEncodingException($"fixed value needs {size} bytes, got {value.Length}");
        WriteFixed(value);
    }

    public void WriteTimestampMillis(DateTimeOffset value) => WriteLong(Generic.LogicalValues.ToTimestampMillis(value));

    public void WriteTimestampMicros(DateTimeOffset value) => WriteLong(Generic.LogicalValues.ToTimestampMicros(value));

    public void WriteLocalTimestampMillis(DateTime value) => WriteLong(Generic.LogicalValues.ToLocalTimestampMillis(value));

    public void WriteLocalTimestampMicros(DateTime value) => WriteLong(Generic.LogicalValues.ToLocalTimestampMicros(value));

    public void WriteDate(DateOnly value) => WriteInt(Generic.LogicalValues.ToDate(value));

    public void WriteTimeMillis(TimeOnly value) => WriteInt(Generic.LogicalValues.ToTimeMillis(value));

    public void WriteTimeMicros(TimeOnly value) => WriteLong(Generic.LogicalValues.ToTimeMicros(value));

    public void WriteUuid(Guid value) => WriteString(value.ToString("D"));

    public void WriteDecimal(Generic.AvroDecimal value, int scale) => WriteBytes(Generic.LogicalValues.ToDecimalBytes(value, scale));

    public void WriteFixedDecimal(Generic.AvroDecimal value, int size, int scale) => WriteFixed(Generic.LogicalValues.ToDecimalFixed(value, scale, size));

    /// <summary>An enum ordinal, checked against the symbol count (a C# enum variable can hold any integer).</summary>
    public void WriteEnum(int ordinal, int symbolCount)
    {
        if ((uint)ordinal >= (uint)symbolCount)
            throw new AvroEncodingException($"enum ordinal {ordinal} is outside [0, {symbolCount})");
        WriteLong(ordinal);
    }

    public void WriteEnum(int ordinal) => WriteLong(ordinal);

    public void WriteUnionIndex(int index) => WriteLong(index);

    /// <summary>Starts a block of <paramref name="count"/> array items or map entries (call <see cref="WriteCollectionEnd"/> after the last block).</summary>
    public void WriteBlockCount(long count) => WriteLong(count);

    public void WriteCollectionEnd() => WriteLong(0);

    /// <summary>Big-endian 32-bit integer (the Confluent wire format's schema id).</summary>
    public void WriteInt32BigEndian(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int bytes)
    {
        if (_position + bytes > _buffer.Length)
            Grow(bytes);
    }

    private void Grow(int bytes)
    {
        var required = (long)_position + bytes;
        if (required > Array.MaxLength)
            throw new AvroEncodingException($"record exceeds the maximum buffer size ({required} bytes)");
        var size = Math.Max(required, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        Array.Resize(ref _buffer, (int)size);
    }
}
