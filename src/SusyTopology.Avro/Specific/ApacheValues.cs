using System.Collections;
using SusyTopology.Avro.Generic;
using ApacheDecimal = Avro.AvroDecimal;

namespace SusyTopology.Avro.Specific;

/// <summary>Conversions between generated properties and the values Apache.Avro's specific reader and writer use.</summary>
public static class ApacheValues
{
    public static ApacheDecimal ToApache(AvroDecimal value) => new(value.Unscaled, value.Scale);

    public static AvroDecimal ToDecimal(object? value) => value is ApacheDecimal d
        ? new AvroDecimal(d.UnscaledValue, d.Scale)
        : throw new InvalidCastException($"expected an Avro decimal, got {value?.GetType().Name ?? "null"}");

    /// <summary>Apache.Avro reads timestamp-millis/-micros as a UTC <see cref="DateTime"/>.</summary>
    public static DateTimeOffset ToTimestamp(object? value) => value is DateTime t
        ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))
        : throw new InvalidCastException($"expected a timestamp, got {value?.GetType().Name ?? "null"}");

    /// <summary>Apache.Avro's specific reader yields an enum as its ordinal; a symbol name is accepted too.</summary>
    public static T ToEnum<T>(object? value) where T : struct, Enum => value switch
    {
        int ordinal => (T)Enum.ToObject(typeof(T), ordinal),
        T symbol => symbol,
        string name => Enum.Parse<T>(name),
        _ => throw new InvalidCastException($"expected an enum ordinal of {typeof(T).Name}, got {value?.GetType().Name ?? "null"}"),
    };

    /// <summary>A map as Apache.Avro's specific reader built it (a dictionary of some value type) with converted values.</summary>
    public static Dictionary<string, T> ToMap<T>(object? value, Func<object?, T> convert)
    {
        var map = value as IDictionary ?? throw new InvalidCastException($"expected a map, got {value?.GetType().Name ?? "null"}");
        var result = new Dictionary<string, T>(map.Count);
        var entries = map.GetEnumerator();
        while (entries.MoveNext())
            result[(string)entries.Key] = convert(entries.Value);
        return result;
    }
}
