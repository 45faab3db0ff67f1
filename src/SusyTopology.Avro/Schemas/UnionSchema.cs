namespace SusyTopology.Avro.Schemas;

/// <summary>
/// A union. The specification forbids directly nested unions and two branches of the same type, except named
/// types with different names.
/// </summary>
public sealed class UnionSchema : AvroSchema
{
    public UnionSchema(IReadOnlyList<AvroSchema> branches) : base(SchemaType.Union, null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var branch in branches)
        {
            if (branch is UnionSchema)
                throw new AvroSchemaParseException("a union may not immediately contain another union");
            var key = branch is NamedSchema named ? named.FullName : PrimitiveSchema.TypeName(branch.Type);
            if (!seen.Add(key))
                throw new AvroSchemaParseException($"union contains '{key}' twice");
        }
        Branches = branches;
    }

    public IReadOnlyList<AvroSchema> Branches { get; }

    /// <summary>Index of the null branch, or -1.</summary>
    public int NullIndex
    {
        get
        {
            for (var i = 0; i < Branches.Count; i++)
                if (Branches[i].Type == SchemaType.Null)
                    return i;
            return -1;
        }
    }
}
