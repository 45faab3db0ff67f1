using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Resolution;

/// <summary>
/// Whether data written with one schema can be read with another under the specification's schema resolution
/// rules, and the registry compatibility levels built on that question.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>Null when every value of <paramref name="writer"/> can be read as <paramref name="reader"/>, else the first reason it cannot.</summary>
    public static string? Incompatibility(AvroSchema reader, AvroSchema writer) =>
        Check(reader, writer, "", new HashSet<(AvroSchema, AvroSchema)>());

    public static bool CanRead(AvroSchema reader, AvroSchema writer) => Incompatibility(reader, writer) is null;

    /// <summary>True when <paramref name="writer"/>'s type can be promoted to <paramref name="reader"/>'s (int→long→float→double, string↔bytes).</summary>
    public static bool IsPromotable(SchemaType writer, SchemaType reader) => (writer, reader) switch
    {
        _ when writer == reader => true,
        (SchemaType.Int, SchemaType.Long or SchemaType.Float or SchemaType.Double) => true,
        (SchemaType.Long, SchemaType.Float or SchemaType.Double) => true,
        (SchemaType.Float, SchemaType.Double) => true,
        (SchemaType.String, SchemaType.Bytes) or (SchemaType.Bytes, SchemaType.String) => true,
        _ => false,
    };

    /// <summary>
    /// The reader union branch a (non-union) writer schema resolves to: first an exact match of type and name, then
    /// the first branch it can be read as (promotion, or a named type matched by alias/unqualified name); -1 if none.
    /// </summary>
    public static int FindBranch(UnionSchema reader, AvroSchema writer)
    {
        for (var i = 0; i < reader.Branches.Count; i++)
        {
            var branch = reader.Branches[i];
            if (branch.Type == writer.Type && (branch is not NamedSchema named || named.FullName == ((NamedSchema)writer).FullName))
                return i;
        }
        for (var i = 0; i < reader.Branches.Count; i++)
            if (CanRead(reader.Branches[i], writer))
                return i;
        return -1;
    }

    private static string? Check(AvroSchema reader, AvroSchema writer, string path, HashSet<(AvroSchema, AvroSchema)> assumed)
    {
        if (writer is UnionSchema writerUnion)
        {
            // Every branch the writer may have chosen must be readable.
            foreach (var branch in writerUnion.Branches)
            {
                var reason = Check(reader, branch, path, assumed);
                if (reason is not null)
                    return reason;
            }
            return null;
        }
        if (reader is UnionSchema readerUnion)
        {
            foreach (var branch in readerUnion.Branches)
                if (Check(branch, writer, path, assumed) is null)
                    return null;
            return $"{Where(path)}writer type {Describe(writer)} matches no branch of the reader union";
        }
        if (!assumed.Add((reader, writer)))
            return null; // recursive types: assume compatible while checking
        switch (reader)
        {
            case PrimitiveSchema when writer is PrimitiveSchema:
                return IsPromotable(writer.Type, reader.Type) ? null : $"{Where(path)}{Describe(writer)} cannot be read as {Describe(reader)}";
            case RecordSchema r when writer is RecordSchema w:
                {
                    if (!r.MatchesName(w))
                        return $"{Where(path)}record {w.FullName} cannot be read as record {r.FullName}";
                    foreach (var readerField in r.Fields)
                    {
                        var writerField = FindWriterField(w, readerField);
                        if (writerField is null)
                        {
                            if (!readerField.HasDefault)
                                return $"{Where(path)}reader field '{readerField.Name}' of {r.FullName} has no default and the writer lacks it";
                            continue;
                        }
                        var reason = Check(readerField.Schema, writerField.Schema, Join(path, readerField.Name), assumed);
                        if (reason is not null)
                            return reason;
                    }
                    return null;
                }
            case EnumSchema r when writer is EnumSchema w:
                {
                    if (!r.MatchesName(w))
                        return $"{Where(path)}enum {w.FullName} cannot be read as enum {r.FullName}";
                    if (r.Default is not null)
                        return null;
                    var missing = w.Symbols.FirstOrDefault(s => r.Ordinal(s) < 0);
                    return missing is null ? null : $"{Where(path)}writer enum symbol '{missing}' is unknown to the reader {r.FullName}, which has no default";
                }
            case FixedSchema r when writer is FixedSchema w:
                if (!r.MatchesName(w))
                    return $"{Where(path)}fixed {w.FullName} cannot be read as fixed {r.FullName}";
                return r.Size == w.Size ? null : $"{Where(path)}fixed {r.FullName} has size {r.Size}, the writer's {w.Size}";
            case ArraySchema r when writer is ArraySchema w:
                return Check(r.Items, w.Items, Join(path, "[]"), assumed);
            case MapSchema r when writer is MapSchema w:
                return Check(r.Values, w.Values, Join(path, "{}"), assumed);
            default:
                return $"{Where(path)}{Describe(writer)} cannot be read as {Describe(reader)}";
        }
    }

    /// <summary>The writer's field for a reader field: by name, then by the reader field's aliases.</summary>
    public static RecordField? FindWriterField(RecordSchema writer, RecordField readerField)
    {
        var field = writer.GetField(readerField.Name);
        if (field is not null)
            return field;
        foreach (var alias in readerField.Aliases)
        {
            field = writer.GetField(alias);
            if (field is not null)
                return field;
        }
        return null;
    }

    private static string Describe(AvroSchema schema) =>
        schema is NamedSchema named ? $"{PrimitiveSchema.TypeName(schema.Type)} {named.FullName}" : PrimitiveSchema.TypeName(schema.Type);

    private static string Where(string path) => path.Length == 0 ? "" : $"at '{path}': ";

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
