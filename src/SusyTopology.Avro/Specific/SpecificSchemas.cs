using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Specific;

/// <summary>Helpers for generated code.</summary>
public static class SpecificSchemas
{
    /// <summary>The named record <paramref name="fullName"/> defined somewhere inside <paramref name="root"/>.</summary>
    public static RecordSchema FindRecord(AvroSchema root, string fullName) =>
        Find(root, fullName, new HashSet<AvroSchema>(ReferenceEqualityComparer.Instance))
        ?? throw new InvalidOperationException($"record {fullName} is not defined in schema {root.CanonicalForm}");

    private static RecordSchema? Find(AvroSchema schema, string fullName, HashSet<AvroSchema> seen)
    {
        if (!seen.Add(schema))
            return null;
        return schema switch
        {
            RecordSchema r when r.FullName == fullName => r,
            RecordSchema r => r.Fields.Select(f => Find(f.Schema, fullName, seen)).FirstOrDefault(x => x is not null),
            ArraySchema a => Find(a.Items, fullName, seen),
            MapSchema m => Find(m.Values, fullName, seen),
            UnionSchema u => u.Branches.Select(b => Find(b, fullName, seen)).FirstOrDefault(x => x is not null),
            _ => null,
        };
    }
}
