using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// A record value held by field position, for code that works without generated classes. Values use the generic
/// representation: null, bool, int, long, float, double, byte[], string, <see cref="GenericRecord"/>,
/// <see cref="GenericEnum"/>, <see cref="GenericFixed"/>, <c>IList&lt;object?&gt;</c>, <c>IDictionary&lt;string, object?&gt;</c>,
/// and for logical types DateTimeOffset (timestamps), DateOnly (date), TimeOnly (time), Guid (uuid),
/// <see cref="AvroDecimal"/> (decimal), DateTime (local timestamps).
/// </summary>
public sealed class GenericRecord : IEquatable<GenericRecord>
{
    private readonly object?[] _values;

    public GenericRecord(RecordSchema schema)
    {
        Schema = schema;
        _values = new object?[schema.Fields.Count];
    }

    public RecordSchema Schema { get; }

    public object? this[int position]
    {
        get => _values[position];
        set => _values[position] = value;
    }

    public object? this[string fieldName]
    {
        get => _values[Position(fieldName)];
        set => _values[Position(fieldName)] = value;
    }

    public T GetValue<T>(string fieldName) => (T)_values[Position(fieldName)]!;

    public bool TryGetValue(string fieldName, out object? value)
    {
        var field = Schema.GetField(fieldName);
        value = field is null ? null : _values[field.Position];
        return field is not null;
    }

    /// <summary>Fluent field assignment: <c>new GenericRecord(s).Set("a", 1).Set("b", "x")</c>.</summary>
    public GenericRecord Set(string fieldName, object? value)
    {
        this[fieldName] = value;
        return this;
    }

    private int Position(string fieldName) =>
        Schema.GetField(fieldName)?.Position ?? throw new KeyNotFoundException($"record {Schema.FullName} has no field '{fieldName}'");

    public bool Equals(GenericRecord? other)
    {
        if (other is null || !Schema.Equals(other.Schema))
            return false;
        for (var i = 0; i < _values.Length; i++)
            if (!GenericValueComparer.Instance.Equals(_values[i], other._values[i]))
                return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as GenericRecord);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Schema.FullName);
        foreach (var value in _values)
            hash.Add(GenericValueComparer.Instance.GetHashCode(value!));
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "{" + string.Join(", ", Schema.Fields.Select(f => $"\"{f.Name}\": {GenericValueComparer.Format(_values[f.Position])}")) + "}";
}
