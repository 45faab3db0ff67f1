using System.Numerics;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// Conversions between logical-type values (DateTimeOffset, DateOnly, TimeOnly, Guid, AvroDecimal) and their
/// underlying Avro values. Out-of-range encoded values become a decoding error rather than an
/// ArgumentOutOfRangeException escaping from the BCL.
/// </summary>
public static class LogicalValues
{
    private static readonly long MinMillis = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMillis = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private const long TicksPerMicrosecond = 10;
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static DateTimeOffset FromTimestampMillis(long millis) =>
        millis >= MinMillis && millis <= MaxMillis
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : throw new ArgumentOutOfRangeException(nameof(millis), millis, "timestamp-millis outside the representable range");

    public static long ToTimestampMillis(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromTimestampMicros(long micros)
    {
        if (micros < MinMillis * 1000 || micros > MaxMillis * 1000)
            throw new ArgumentOutOfRangeException(nameof(micros), micros, "timestamp-micros outside the representable range");
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + micros * TicksPerMicrosecond, TimeSpan.Zero);
    }

    public static long ToTimestampMicros(DateTimeOffset value) => (value.UtcTicks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    public static DateOnly FromDate(int days)
    {
        var dayNumber = (long)EpochDayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
            throw new ArgumentOutOfRangeException(nameof(days), days, "date outside the representable range");
        return DateOnly.FromDayNumber((int)dayNumber);
    }

    public static int ToDate(DateOnly value) => value.DayNumber - EpochDayNumber;

    public static TimeOnly FromTimeMillis(int millis) =>
        millis is >= 0 and < 86_400_000
            ? new TimeOnly(millis * TimeSpan.TicksPerMillisecond)
            : throw new ArgumentOutOfRangeException(nameof(millis), millis, "time-millis outside [0, 86400000)");

    public static int ToTimeMillis(TimeOnly value) => (int)(value.Ticks / TimeSpan.TicksPerMillisecond);

    public static TimeOnly FromTimeMicros(long micros) =>
        micros is >= 0 and < 86_400_000_000L
            ? new TimeOnly(micros * TicksPerMicrosecond)
            : throw new ArgumentOutOfRangeException(nameof(micros), micros, "time-micros outside [0, 86400000000)");

    public static long ToTimeMicros(TimeOnly value) => value.Ticks / TicksPerMicrosecond;

    public static DateTime FromLocalTimestampMillis(long millis) => DateTime.SpecifyKind(FromTimestampMillis(millis).DateTime, DateTimeKind.Unspecified);

    public static DateTime FromLocalTimestampMicros(long micros) => DateTime.SpecifyKind(FromTimestampMicros(micros).DateTime, DateTimeKind.Unspecified);

    public static long ToLocalTimestampMillis(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static long ToLocalTimestampMicros(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    public static AvroDecimal FromDecimalBytes(ReadOnlySpan<byte> twosComplementBigEndian, int scale) =>
        new(twosComplementBigEndian.IsEmpty ? BigInteger.Zero : new BigInteger(twosComplementBigEndian, isUnsigned: false, isBigEndian: true), scale);

    /// <summary>The minimal two's-complement big-endian bytes of the unscaled value at the schema's scale.</summary>
    public static byte[] ToDecimalBytes(AvroDecimal value, int scale) =>
        value.Rescale(scale).Unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);

    /// <summary>The unscaled value sign-extended to exactly <paramref name="size"/> bytes, for decimals on fixed.</summary>
    public static byte[] ToDecimalFixed(AvroDecimal value, int scale, int size)
    {
        var minimal = ToDecimalBytes(value, scale);
        if (minimal.Length > size)
            throw new AvroEncodingException($"decimal {value} needs {minimal.Length} bytes but the fixed holds {size}");
        var result = new byte[size];
        var fill = value.Unscaled.Sign < 0 ? (byte)0xff : (byte)0;
        result.AsSpan(0, size - minimal.Length).Fill(fill);
        minimal.CopyTo(result, size - minimal.Length);
        return result;
    }

    /// <summary>Applies a primitive schema's logical type to a decoded underlying value.</summary>
    public static object? FromUnderlying(LogicalTypeKind kind, LogicalType? logical, object? value) => kind switch
    {
        LogicalTypeKind.TimestampMillis => FromTimestampMillis((long)value!),
        LogicalTypeKind.TimestampMicros => FromTimestampMicros((long)value!),
        LogicalTypeKind.LocalTimestampMillis => FromLocalTimestampMillis((long)value!),
        LogicalTypeKind.LocalTimestampMicros => FromLocalTimestampMicros((long)value!),
        LogicalTypeKind.Date => FromDate((int)value!),
        LogicalTypeKind.TimeMillis => FromTimeMillis((int)value!),
        LogicalTypeKind.TimeMicros => FromTimeMicros((long)value!),
        LogicalTypeKind.Uuid => Guid.TryParse((string)value!, out var guid) ? guid : throw new FormatException($"'{value}' is not a UUID"),
        LogicalTypeKind.Decimal => FromDecimalBytes((byte[])value!, logical!.Scale),
        _ => value,
    };
}
