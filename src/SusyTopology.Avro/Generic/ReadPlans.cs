using SusyTopology.Avro.IO;
using SusyTopology.Avro.Resolution;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>One node of a resolved (writer → reader) decoding tree.</summary>
internal abstract class ReadPlan
{
    public abstract object? Read(ref AvroBinaryReader reader);
}

/// <summary>A primitive of the writer's type, promoted to the reader's and given the reader's logical type.</summary>
internal sealed class PrimitivePlan(SchemaType writerType, PrimitiveSchema reader) : ReadPlan
{
    public override object? Read(ref AvroBinaryReader r)
    {
        var start = r.Position;
        object? value = writerType switch
        {
            SchemaType.Null => null,
            SchemaType.Boolean => r.ReadBoolean(),
            SchemaType.Int => Promote(r.ReadInt()),
            SchemaType.Long => Promote(r.ReadLong()),
            SchemaType.Float => reader.Type == SchemaType.Double ? (double)r.ReadFloat() : (object)r.ReadFloat(),
            SchemaType.Double => r.ReadDouble(),
            SchemaType.Bytes => reader.Type == SchemaType.String ? r.ReadString() : r.ReadBytes(),
            SchemaType.String => reader.Type == SchemaType.Bytes ? r.ReadBytes() : r.ReadString(),
            _ => throw new InvalidOperationException($"not a primitive: {writerType}"),
        };
        if (reader.LogicalKind == LogicalTypeKind.None)
            return value;
        try
        {
            return LogicalValues.FromUnderlying(reader.LogicalKind, reader.LogicalType, value);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or FormatException or InvalidCastException)
        {
            throw new AvroDecodingException($"invalid {reader.LogicalType!.Name} value: {e.Message}", start, inner: e);
        }
    }

    private object Promote(int value) => reader.Type switch
    {
        SchemaType.Long => (object)(long)value,
        SchemaType.Float => (float)value,
        SchemaType.Double => (double)value,
        _ => value,
    };

    private object Promote(long value) => reader.Type switch
    {
        SchemaType.Float => (object)(float)value,
        SchemaType.Double => (double)value,
        _ => value,
    };
}

internal sealed class FixedPlan(FixedSchema reader) : ReadPlan
{
    public override object? Read(ref AvroBinaryReader r)
    {
        var bytes = r.ReadFixed(reader.Size);
        return reader.LogicalKind == LogicalTypeKind.Decimal
            ? LogicalValues.FromDecimalBytes(bytes, reader.LogicalType!.Scale)
            : new GenericFixed(reader, bytes);
    }
}

/// <summary>Writer ordinal → reader symbol, with the reader's default for symbols it does not know.</summary>
internal sealed class EnumPlan : ReadPlan
{
    private readonly EnumSchema _writer;
    private readonly GenericEnum?[] _byWriterOrdinal;

    public EnumPlan(EnumSchema writer, EnumSchema reader)
    {
        _writer = writer;
        _byWriterOrdinal = writer.Symbols
            .Select(s => reader.Ordinal(s) >= 0 ? new GenericEnum(reader, s) : reader.Default is { } d ? new GenericEnum(reader, d) : null)
            .ToArray();
    }

    public override object? Read(ref AvroBinaryReader r)
    {
        var start = r.Position;
        var ordinal = r.ReadEnum(_byWriterOrdinal.Length);
        return _byWriterOrdinal[ordinal] ?? throw new AvroDecodingException(
            $"enum symbol '{_writer.Symbols[ordinal]}' is unknown to the reader schema, which has no default", start);
    }
}

internal sealed class ArrayPlan(ReadPlan items, AvroSchema writerItems) : ReadPlan
{
    private readonly int _minItemSize = SchemaSizes.MinEncodedSize(writerItems);

    public override object? Read(ref AvroBinaryReader r)
    {
        var list = new List<object?>();
        for (var count = r.ReadBlockCount(_minItemSize); count != 0; count = r.ReadBlockCount(_minItemSize))
        {
            if (list.Count + count > (_minItemSize == 0 ? SchemaSizes.MaxZeroSizeItems : int.MaxValue))
                throw new AvroDecodingException($"array of more than {list.Count + count} items", r.Position);
            list.EnsureCapacity(list.Count + (int)count);
            for (long i = 0; i < count; i++)
                list.Add(items.Read(ref r));
        }
        return list;
    }
}

internal sealed class MapPlan(ReadPlan values, AvroSchema writerValues) : ReadPlan
{
    private readonly int _minEntrySize = 1 + SchemaSizes.MinEncodedSize(writerValues);

    public override object? Read(ref AvroBinaryReader r)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var count = r.ReadBlockCount(_minEntrySize); count != 0; count = r.ReadBlockCount(_minEntrySize))
            for (long i = 0; i < count; i++)
            {
                var key = r.ReadString();
                map[key] = values.Read(ref r);
            }
        return map;
    }
}

/// <summary>The writer chose a union branch; each branch has its own plan, or the reason it cannot be read.</summary>
internal sealed class WriterUnionPlan(ReadPlan?[] branches, string?[] errors) : ReadPlan
{
    public override object? Read(ref AvroBinaryReader r)
    {
        var start = r.Position;
        var index = r.ReadUnionIndex(branches.Length);
        var plan = branches[index] ?? throw new AvroDecodingException($"union branch {index} cannot be read: {errors[index]}", start);
        return plan.Read(ref r);
    }
}

internal sealed class RecordPlan(RecordSchema reader) : ReadPlan
{
    /// <summary>In writer field order: the reader position to fill (-1 = skip) and how to read the writer's value.</summary>
    public (int ReaderPosition, ReadPlan? Plan, AvroSchema WriterSchema, string Name)[] Steps { get; set; } = [];

    /// <summary>Reader fields the writer lacks, filled from their defaults.</summary>
    public RecordField[] Defaulted { get; set; } = [];

    public override object? Read(ref AvroBinaryReader r)
    {
        var record = new GenericRecord(reader);
        foreach (var (position, plan, writerSchema, name) in Steps)
        {
            try
            {
                if (plan is null)
                    DatumSkipper.Skip(writerSchema, ref r);
                else
                    record[position] = plan.Read(ref r);
            }
            catch (AvroDecodingException e)
            {
                throw e.InField(name);
            }
        }
        foreach (var field in Defaulted)
            record[field.Position] = DefaultValues.FromJson(field.Schema, field.DefaultValue);
        return record;
    }
}

internal static class ReadPlanCompiler
{
    public static ReadPlan Compile(AvroSchema writer, AvroSchema reader) =>
        Compile(writer, reader, new Dictionary<(AvroSchema, AvroSchema), RecordPlan>());

    private static ReadPlan Compile(AvroSchema writer, AvroSchema reader, Dictionary<(AvroSchema, AvroSchema), RecordPlan> records)
    {
        if (writer is UnionSchema writerUnion)
        {
            var plans = new ReadPlan?[writerUnion.Branches.Count];
            var errors = new string?[plans.Length];
            for (var i = 0; i < plans.Length; i++)
            {
                try
                {
                    plans[i] = Compile(writerUnion.Branches[i], reader, records);
                }
                catch (AvroResolutionException e)
                {
                    errors[i] = e.Message;
                }
            }
            return new WriterUnionPlan(plans, errors);
        }
        if (reader is UnionSchema readerUnion)
        {
            var index = SchemaCompatibility.FindBranch(readerUnion, writer);
            if (index < 0)
                throw new AvroResolutionException($"writer schema {writer.CanonicalForm} matches no branch of reader union {readerUnion.CanonicalForm}");
            return Compile(writer, readerUnion.Branches[index], records);
        }
        switch (reader)
        {
            case PrimitiveSchema r when writer is PrimitiveSchema && SchemaCompatibility.IsPromotable(writer.Type, r.Type):
                return new PrimitivePlan(writer.Type, r);
            case FixedSchema r when writer is FixedSchema w && r.MatchesName(w) && r.Size == w.Size:
                return new FixedPlan(r);
            case EnumSchema r when writer is EnumSchema w && r.MatchesName(w):
                return new EnumPlan(w, r);
            case ArraySchema r when writer is ArraySchema w:
                return new ArrayPlan(Compile(w.Items, r.Items, records), w.Items);
            case MapSchema r when writer is MapSchema w:
                return new MapPlan(Compile(w.Values, r.Values, records), w.Values);
            case RecordSchema r when writer is RecordSchema w && r.MatchesName(w):
                return CompileRecord(w, r, records);
            default:
                throw new AvroResolutionException($"writer schema {writer.CanonicalForm} cannot be read as {reader.CanonicalForm}");
        }
    }

    private static RecordPlan CompileRecord(RecordSchema writer, RecordSchema reader, Dictionary<(AvroSchema, AvroSchema), RecordPlan> records)
    {
        if (records.TryGetValue((writer, reader), out var existing))
            return existing;
        var plan = new RecordPlan(reader);
        records[(writer, reader)] = plan;
        var readerFieldByWriterField = new Dictionary<string, RecordField>(StringComparer.Ordinal);
        var defaulted = new List<RecordField>();
        foreach (var readerField in reader.Fields)
        {
            var writerField = SchemaCompatibility.FindWriterField(writer, readerField);
            if (writerField is not null)
                readerFieldByWriterField[writerField.Name] = readerField;
            else if (readerField.HasDefault)
            {
                // Fail now, not on the first record, when the default itself is invalid.
                DefaultValues.FromJson(readerField.Schema, readerField.DefaultValue);
                defaulted.Add(readerField);
            }
            else
                throw new AvroResolutionException($"reader field '{reader.FullName}.{readerField.Name}' has no default and the writer schema lacks it");
        }
        plan.Steps = writer.Fields.Select(wf => readerFieldByWriterField.TryGetValue(wf.Name, out var rf)
                ? (rf.Position, (ReadPlan?)CompileField(wf, rf, records), wf.Schema, wf.Name)
                : (-1, (ReadPlan?)null, wf.Schema, wf.Name))
            .ToArray();
        plan.Defaulted = defaulted.ToArray();
        return plan;
    }

    private static ReadPlan CompileField(RecordField writer, RecordField reader, Dictionary<(AvroSchema, AvroSchema), RecordPlan> records)
    {
        try
        {
            return Compile(writer.Schema, reader.Schema, records);
        }
        catch (AvroResolutionException e)
        {
            throw new AvroResolutionException($"field '{reader.Name}': {e.Message}");
        }
    }
}
