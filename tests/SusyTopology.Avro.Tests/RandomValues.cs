using System.Numerics;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Tests;

/// <summary>Random generic values of any schema, including edge values (extremes, NaN, empty, non-ASCII strings).</summary>
public sealed class RandomValues(int seed)
{
    private readonly Random _random = new(seed);

    public object? For(AvroSchema schema, int depth = 0)
    {
        switch (schema)
        {
            case PrimitiveSchema p:
                return Primitive(p);
            case RecordSchema r:
                {
                    var record = new GenericRecord(r);
                    foreach (var field in r.Fields)
                        record[field.Position] = For(field.Schema, depth + 1);
                    return record;
                }
            case EnumSchema e:
                return new GenericEnum(e, e.Symbols[_random.Next(e.Symbols.Count)]);
            case FixedSchema f when f.LogicalKind == LogicalTypeKind.Decimal:
                return Decimal(Math.Min(f.LogicalType!.Precision, 18), f.LogicalType.Scale);
            case FixedSchema f:
                return new GenericFixed(f, Bytes(f.Size));
            case ArraySchema a:
                return Enumerable.Range(0, depth > 3 ? 0 : _random.Next(5)).Select(_ => For(a.Items, depth + 1)).ToList();
            case MapSchema m:
                {
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var i = depth > 3 ? 0 : _random.Next(4); i > 0; i--)
                        map["k" + _random.Next(1000) + String(3)] = For(m.Values, depth + 1);
                    return map;
                }
            case UnionSchema u:
                // Deep in recursive schemas prefer the null branch so values stay finite.
                var nullIndex = u.NullIndex;
                var index = depth > 3 && nullIndex >= 0 ? nullIndex : _random.Next(u.Branches.Count);
                return For(u.Branches[index], depth + 1);
            default:
                throw new ArgumentOutOfRangeException(nameof(schema));
        }
    }

    private object? Primitive(PrimitiveSchema p)
    {
        switch (p.LogicalKind)
        {
            case LogicalTypeKind.TimestampMillis:
                return DateTimeOffset.FromUnixTimeMilliseconds(_random.NextInt64(-62_135_596_800_000, 253_402_300_799_999));
            case LogicalTypeKind.TimestampMicros:
                return LogicalValues.FromTimestampMicros(_random.NextInt64(-62_135_596_800_000_000, 253_402_300_799_999_000));
            case LogicalTypeKind.Date:
                return LogicalValues.FromDate(_random.Next(-719_162, 2_932_896));
            case LogicalTypeKind.Uuid:
                return Guid.NewGuid();
            case LogicalTypeKind.Decimal:
                return Decimal(Math.Min(p.LogicalType!.Precision, 28), p.LogicalType.Scale);
        }
        return p.Type switch
        {
            SchemaType.Null => null,
            SchemaType.Boolean => _random.Next(2) == 1,
            SchemaType.Int => Pick(0, 1, -1, int.MaxValue, int.MinValue, _random.Next(int.MinValue, int.MaxValue), _random.Next(-100, 100)),
            SchemaType.Long => Pick(0L, long.MaxValue, long.MinValue, _random.NextInt64(long.MinValue, long.MaxValue), _random.NextInt64(-1000, 1000)),
            SchemaType.Float => Pick(0f, -0f, float.MaxValue, float.Epsilon, float.PositiveInfinity, (float)(_random.NextDouble() * 1e6 - 5e5)),
            SchemaType.Double => Pick(0d, double.MinValue, double.Epsilon, double.NegativeInfinity, _random.NextDouble() * 1e12 - 5e11),
            SchemaType.Bytes => Bytes(_random.Next(20)),
            SchemaType.String => String(_random.Next(12)),
            _ => throw new ArgumentOutOfRangeException(nameof(p)),
        };
    }

    private AvroDecimal Decimal(int precision, int scale)
    {
        var digits = _random.Next(1, precision + 1);
        var unscaled = BigInteger.Parse("0" + string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + _random.Next(10)))));
        return new AvroDecimal(_random.Next(2) == 0 ? unscaled : -unscaled, scale);
    }

    private T Pick<T>(params T[] options) => options[_random.Next(options.Length)];

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string String(int length)
    {
        const string alphabet = "abcXYZ019 _-é€日本😀\"\\\n";
        var chars = new System.Text.StringBuilder();
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var list = new List<string>();
        while (elements.MoveNext())
            list.Add(elements.GetTextElement());
        for (var i = 0; i < length; i++)
            chars.Append(list[_random.Next(list.Count)]);
        return chars.ToString();
    }
}
