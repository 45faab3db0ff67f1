using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>A fixed value: its schema and exactly <c>Schema.Size</c> bytes.</summary>
public sealed class GenericFixed : IEquatable<GenericFixed>
{
    public GenericFixed(FixedSchema schema, byte[] value)
    {
        if (value.Length != schema.Size)
            throw new AvroEncodingException($"fixed {schema.FullName} needs {schema.Size} bytes, got {value.Length}");
        Schema = schema;
        Value = value;
    }

    public FixedSchema Schema { get; }

    public byte[] Value { get; }

    public bool Equals(GenericFixed? other) =>
        other is not null && other.Schema.FullName == Schema.FullName && other.Value.AsSpan().SequenceEqual(Value);

    public override bool Equals(object? obj) => Equals(obj as GenericFixed);

    public override int GetHashCode() => HashCode.Combine(Schema.FullName, Value.Length, Value.Length > 0 ? Value[0] : 0);

    public override string ToString() => Convert.ToHexString(Value);
}
