using Avro;

namespace SusyTopology.Avro.Specific;

/// <summary>Schema lookups for generated code's Apache.Avro contract.</summary>
public static class ApacheSchemas
{
    /// <summary>The named record <paramref name="fullName"/> defined somewhere inside <paramref name="root"/>.</summary>
    public static RecordSchema FindRecord(Schema root, string fullName) =>
        Find(root, fullName, new HashSet<Schema>(ReferenceEqualityComparer.Instance))
        ?? throw new InvalidOperationException($"record {fullName} is not defined in schema {root}");

    private static RecordSchema? Find(Schema schema, string fullName, HashSet<Schema> seen)
    {
        if (!seen.Add(schema))
            return null;
        return schema switch
        {
            RecordSchema r when r.Fullname == fullName => r,
            RecordSchema r => r.Fields.Select(f => Find(f.Schema, fullName, seen)).FirstOrDefault(x => x is not null),
            ArraySchema a => Find(a.ItemSchema, fullName, seen),
            MapSchema m => Find(m.ValueSchema, fullName, seen),
            UnionSchema u => u.Schemas.Select(b => Find(b, fullName, seen)).FirstOrDefault(x => x is not null),
            LogicalSchema l => Find(l.BaseSchema, fullName, seen),
            _ => null,
        };
    }
}
