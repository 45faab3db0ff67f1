namespace SusyTopology.Avro.Schemas;

/// <summary>A named type's name split per the specification: <c>Namespace</c> (may be empty) and simple <c>Name</c>.</summary>
public readonly record struct SchemaName(string Name, string Namespace)
{
    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;

    /// <summary>
    /// Resolves a name as written in a schema: a dotted name is already full; otherwise it takes the explicit
    /// namespace or, failing that, the enclosing one.
    /// </summary>
    public static SchemaName Resolve(string name, string? explicitNamespace, string enclosingNamespace)
    {
        var dot = name.LastIndexOf('.');
        if (dot >= 0)
            return new SchemaName(name[(dot + 1)..], name[..dot]);
        return new SchemaName(name, explicitNamespace ?? enclosingNamespace);
    }

    public override string ToString() => FullName;
}
