using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace SusyTopology.Avro.IO;

/// <summary>
/// Avro binary decoder over a span. Every read is bounds-checked against the remaining input, so malformed bytes
/// raise <see cref="AvroDecodingException"/> (with the offset) and never an IndexOutOfRange, and no length read
/// from the input can make it allocate more than the input could hold.
/// </summary>
public ref struct AvroBinaryReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public AvroBinaryReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsAtEnd => _position >= _data.Length;

    public void ReadNull()
    {
        // null is encoded as zero bytes.
    }

    public bool ReadBoolean()
    {
        if (_position >= _data.Length)
            throw Truncated(1);
        var b = _data[_position];
        if (b > 1)
            throw new AvroDecodingException($"invalid boolean byte {b}", _position);
        _position++;
        return b == 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt()
    {
        var start = _position;
        var value = ReadLong();
        if (value is < int.MinValue or > int.MaxValue)
            throw new AvroDecodingException($"varint {value} does not fit an int", start);
        return (int)value;
    }

    /// <summary>Zig-zag variable-length long; more than 10 bytes, or a 10th byte above 1, is an over-long varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadLong()
    {
        var data = _data;
        var pos = _position;
        if ((uint)pos < (uint)data.Length)
        {
            uint b = data[pos];
            if (b < 0x80)
            {
                _position = pos + 1;
                return (long)(b >> 1) ^ -(long)(b & 1);
            }
        }
        return ReadLongSlow();
    }

    private long ReadLongSlow()
    {
        var start = _position;
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length)
                throw new AvroDecodingException("input ends inside a varint", _position);
            ulong b = _data[_position++];
            if (shift == 63 && b > 1)
                throw new AvroDecodingException("over-long varint (more than 64 bits)", start);
            result |= (b & 0x7f) << shift;
            if (b < 0x80)
                break;
            shift += 7;
            if (shift > 63)
                throw new AvroDecodingException("over-long varint (more than 10 bytes)", start);
        }
        return (long)(result >> 1) ^ -(long)(result & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadFloat()
    {
        if (_data.Length - _position < 4)
            throw Truncated(4);
        var value = BinaryPrimitives.ReadSingleLittleEndian(_data.Slice(_position));
        _position += 4;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ReadDouble()
    {
        if (_data.Length - _position < 8)
            throw Truncated(8);
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position));
        _position += 8;
        return value;
    }

    public byte[] ReadBytes() => ReadBytesSpan().ToArray();

    /// <summary>The bytes of a bytes value without copying them.</summary>
    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var length = ReadLength("bytes");
        var span = _data.Slice(_position, length);
        _position += length;
        return span;
    }

    public string ReadString()
    {
        var start = _position;
        var length = ReadLength("string");
        try
        {
            var value = StrictUtf8.GetString(_data.Slice(_position, length));
            _position += length;
            return value;
        }
        catch (DecoderFallbackException e)
        {
            throw new AvroDecodingException("string is not valid UTF-8", start, inner: e);
        }
    }

    public void SkipBytes()
    {
        var length = ReadLength("bytes");
        _position += length;
    }

    public void SkipString() => SkipBytes();

    public ReadOnlySpan<byte> ReadFixedSpan(int size)
    {
        if (_data.Length - _position < size)
            throw Truncated(size);
        var span = _data.Slice(_position, size);
        _position += size;
        return span;
    }

    public byte[] ReadFixed(int size) => ReadFixedSpan(size).ToArray();

    public void SkipFixed(int size) => ReadFixedSpan(size);

    /// <summary>An enum ordinal, checked against the writer's symbol count.</summary>
    public int ReadEnum(int symbolCount)
    {
        var start = _position;
        var ordinal = ReadLong();
        if (ordinal < 0 || ordinal >= symbolCount)
            throw new AvroDecodingException($"enum ordinal {ordinal} is outside [0, {symbolCount})", start);
        return (int)ordinal;
    }

    /// <summary>A union branch index, checked against the writer's branch count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadUnionIndex(int branchCount)
    {
        var start = _position;
        var index = ReadLong();
        if ((ulong)index >= (ulong)branchCount)
            throw new AvroDecodingException($"invalid union branch index {index} (union has {branchCount} branches)", start);
        return (int)index;
    }

    /// <summary>
    /// The item count of the next array or map block (0 ends the collection). A negative count is followed by the
    /// block's byte size, which is validated and otherwise ignored. <paramref name="minItemBytes"/> is the least
    /// encoded size of one item: a count whose items could not fit in the remaining input is rejected here, before
    /// anything is allocated for it.
    /// </summary>
    public long ReadBlockCount(int minItemBytes)
    {
        var start = _position;
        var count = ReadLong();
        if (count < 0)
        {
            if (count == long.MinValue)
                throw new AvroDecodingException("invalid block count", start);
            count = -count;
            var sizeStart = _position;
            var size = ReadLong();
            if (size < 0 || size > Remaining)
                throw new AvroDecodingException($"invalid block byte size {size} ({Remaining} bytes remain)", sizeStart);
        }
        if (minItemBytes > 0 && count > Remaining / minItemBytes)
            throw new AvroDecodingException($"block of {count} items cannot fit in the {Remaining} remaining bytes", start);
        return count;
    }

    public DateTimeOffset ReadTimestampMillis() => ReadLogical(static v => Generic.LogicalValues.FromTimestampMillis(v), "timestamp-millis");

    public DateTimeOffset ReadTimestampMicros() => ReadLogical(static v => Generic.LogicalValues.FromTimestampMicros(v), "timestamp-micros");

    public DateTime ReadLocalTimestampMillis() => ReadLogical(static v => Generic.LogicalValues.FromLocalTimestampMillis(v), "local-timestamp-millis");

    public DateTime ReadLocalTimestampMicros() => ReadLogical(static v => Generic.LogicalValues.FromLocalTimestampMicros(v), "local-timestamp-micros");

    public TimeOnly ReadTimeMicros() => ReadLogical(static v => Generic.LogicalValues.FromTimeMicros(v), "time-micros");

    public DateOnly ReadDate()
    {
        var start = _position;
        var days = ReadInt();
        try
        {
            return Generic.LogicalValues.FromDate(days);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new AvroDecodingException($"invalid date value: {e.Message}", start, inner: e);
        }
    }

    public TimeOnly ReadTimeMillis()
    {
        var start = _position;
        var millis = ReadInt();
        try
        {
            return Generic.LogicalValues.FromTimeMillis(millis);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new AvroDecodingException($"invalid time-millis value: {e.Message}", start, inner: e);
        }
    }

    public Guid ReadUuid()
    {
        var start = _position;
        var text = ReadString();
        return Guid.TryParse(text, out var guid) ? guid : throw new AvroDecodingException($"'{text}' is not a UUID", start);
    }

    public Generic.AvroDecimal ReadDecimal(int scale) => Generic.LogicalValues.FromDecimalBytes(ReadBytesSpan(), scale);

    public Generic.AvroDecimal ReadFixedDecimal(int size, int scale) => Generic.LogicalValues.FromDecimalBytes(ReadFixedSpan(size), scale);

    private T ReadLogical<T>(Func<long, T> convert, string logicalType)
    {
        var start = _position;
        var raw = ReadLong();
        try
        {
            return convert(raw);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new AvroDecodingException($"invalid {logicalType} value {raw}", start, inner: e);
        }
    }

    private int ReadLength(string what)
    {
        var start = _position;
        var length = ReadLong();
        if (length < 0)
            throw new AvroDecodingException($"negative {what} length {length}", start);
        if (length > Remaining)
            throw new AvroDecodingException($"{what} length {length} exceeds the {Remaining} remaining bytes", start);
        return (int)length;
    }

    private readonly AvroDecodingException Truncated(int needed) =>
        new($"input truncated: {needed} bytes needed, {Remaining} remain", _position);
}
