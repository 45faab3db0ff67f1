using System;
using System.Collections.Generic;
using System.Linq;

namespace SusyTopology.Avro.Generator;

/// <summary>The parts of an Avro schema the generator maps to C#: a type reference per field.</summary>
internal abstract class TypeRef
{
    /// <summary>The C# type (non-nullable form).</summary>
    public abstract string CSharpType { get; }

    /// <summary>Whether the C# type is a value type (so that its nullable form is Nullable&lt;T&gt;).</summary>
    public abstract bool IsValueType { get; }

    /// <summary>Least encoded size in bytes, for collection bounds checks.</summary>
    public abstract int MinSize { get; }
}

internal sealed class PrimitiveRef : TypeRef
{
    public PrimitiveRef(string avroType, string? logical, int precision, int scale)
    {
        AvroType = avroType;
        Logical = logical;
        Scale = scale;
        Precision = precision;
    }

    public string AvroType { get; }

    /// <summary>Supported logical type name, or null.</summary>
    public string? Logical { get; }

    public int Precision { get; }

    public int Scale { get; }

    public override string CSharpType => Logical switch
    {
        "timestamp-millis" or "timestamp-micros" => "global::System.DateTimeOffset",
        "local-timestamp-millis" or "local-timestamp-micros" => "global::System.DateTime",
        "date" => "global::System.DateOnly",
        "time-millis" or "time-micros" => "global::System.TimeOnly",
        "uuid" => "global::System.Guid",
        "decimal" => "global::SusyTopology.Avro.Generic.AvroDecimal",
        _ => AvroType switch
        {
            "boolean" => "bool",
            "int" => "int",
            "long" => "long",
            "float" => "float",
            "double" => "double",
            "bytes" => "byte[]",
            "string" => "string",
            _ => throw new InvalidOperationException("unsupported primitive " + AvroType),
        },
    };

    public override bool IsValueType => Logical != null || (AvroType != "bytes" && AvroType != "string");

    public override int MinSize => AvroType switch
    {
        "float" => 4,
        "double" => 8,
        _ => 1,
    };
}

internal sealed class RecordDecl : TypeRef
{
    public RecordDecl(string fullName, string name, string? doc)
    {
        FullName = fullName;
        Name = name;
        Doc = doc;
    }

    public string FullName { get; }

    public string Name { get; }

    public string? Doc { get; }

    public List<FieldDecl> Fields { get; } = new List<FieldDecl>();

    public override string CSharpType => Name;

    public override bool IsValueType => false;

    public override int MinSize => 0; // conservative: records may be empty or recursive
}

internal sealed class FieldDecl
{
    public FieldDecl(string name, string propertyName, TypeRef type, string? doc, bool hasDefault)
    {
        Name = name;
        PropertyName = propertyName;
        Type = type;
        Doc = doc;
        HasDefault = hasDefault;
    }

    public string Name { get; }

    public string PropertyName { get; }

    public TypeRef Type { get; }

    public string? Doc { get; }

    public bool HasDefault { get; }
}

internal sealed class EnumDecl : TypeRef
{
    public EnumDecl(string fullName, string name, IReadOnlyList<string> symbols, string? doc)
    {
        FullName = fullName;
        Name = name;
        Symbols = symbols;
        Doc = doc;
    }

    public string FullName { get; }

    public string Name { get; }

    public IReadOnlyList<string> Symbols { get; }

    public string? Doc { get; }

    public override string CSharpType => Name;

    public override bool IsValueType => true;

    public override int MinSize => 1;
}

internal sealed class FixedRef : TypeRef
{
    public FixedRef(string fullName, int size, bool isDecimal, int scale)
    {
        FullName = fullName;
        Size = size;
        IsDecimal = isDecimal;
        Scale = scale;
    }

    public string FullName { get; }

    public int Size { get; }

    public bool IsDecimal { get; }

    public int Scale { get; }

    public override string CSharpType => IsDecimal ? "global::SusyTopology.Avro.Generic.AvroDecimal" : "byte[]";

    public override bool IsValueType => IsDecimal;

    public override int MinSize => Size;
}

internal sealed class ArrayRef : TypeRef
{
    public ArrayRef(TypeRef items) => Items = items;

    public TypeRef Items { get; }

    public override string CSharpType => $"global::System.Collections.Generic.List<{Items.CSharpType}>";

    public override bool IsValueType => false;

    public override int MinSize => 1;
}

internal sealed class MapRef : TypeRef
{
    public MapRef(TypeRef values) => Values = values;

    public TypeRef Values { get; }

    public override string CSharpType => $"global::System.Collections.Generic.Dictionary<string, {Values.CSharpType}>";

    public override bool IsValueType => false;

    public override int MinSize => 1;
}

/// <summary>A two-branch union of null and one other type: a C# nullable.</summary>
internal sealed class NullableRef : TypeRef
{
    public NullableRef(TypeRef inner, int nullIndex)
    {
        Inner = inner;
        NullIndex = nullIndex;
    }

    public TypeRef Inner { get; }

    public int NullIndex { get; }

    public int ValueIndex => 1 - NullIndex;

    public override string CSharpType => Inner.CSharpType + "?";

    public override bool IsValueType => Inner.IsValueType;

    public override int MinSize => 1;
}

/// <summary>Reads an .avsc document into declarations, in the order named types are defined.</summary>
internal sealed class SchemaModelReader
{
    private readonly Dictionary<string, TypeRef> _named = new Dictionary<string, TypeRef>(StringComparer.Ordinal);

    public List<TypeRef> Declarations { get; } = new List<TypeRef>();

    public TypeRef Read(object? node, string enclosingNamespace)
    {
        switch (node)
        {
            case string name:
                return ReadName(name, enclosingNamespace);
            case List<object?> union:
                return ReadUnion(union, enclosingNamespace);
            case JsonObject obj:
                return ReadObject(obj, enclosingNamespace);
            default:
                throw new FormatException("not a schema: " + (node ?? "null"));
        }
    }

    private TypeRef ReadName(string name, string ns)
    {
        if (IsPrimitive(name))
        {
            if (name == "null")
                throw new NotSupportedException("a bare 'null' field type has no C# mapping");
            return new PrimitiveRef(name, null, 0, 0);
        }
        var full = name.Contains(".") ? name : (ns.Length == 0 ? name : ns + "." + name);
        if (_named.TryGetValue(full, out var named) || _named.TryGetValue(name, out named))
            return named;
        throw new FormatException($"unknown type '{name}'");
    }

    private TypeRef ReadUnion(List<object?> branches, string ns)
    {
        var types = branches.Select(b => b is string s && s == "null" ? null : Read(b, ns)).ToList();
        if (types.Count == 2 && types.Count(t => t == null) == 1)
        {
            var nullIndex = types[0] == null ? 0 : 1;
            var inner = types[1 - nullIndex]!;
            if (inner is NullableRef)
                throw new NotSupportedException("nested unions are not allowed");
            return new NullableRef(inner, nullIndex);
        }
        if (types.Count == 1 && types[0] != null)
            throw new NotSupportedException("single-branch unions are not supported by the generator; use the type directly");
        throw new NotSupportedException("only unions of null and one other type map to C# (use GenericRecord for others)");
    }

    private TypeRef ReadObject(JsonObject obj, string ns)
    {
        var typeNode = obj.Get("type");
        if (!(typeNode is string type))
            return Read(typeNode, ns);
        switch (type)
        {
            case "record":
            case "error":
                {
                    var (full, name, childNs) = Name(obj, ns);
                    var record = new RecordDecl(full, name, obj.GetString("doc"));
                    Define(full, record);
                    if (!(obj.Get("fields") is List<object?> fields))
                        throw new FormatException($"record {full} has no 'fields' array");
                    foreach (var f in fields.OfType<JsonObject>())
                    {
                        var fieldName = f.GetString("name") ?? throw new FormatException($"a field of {full} has no name");
                        var property = Naming.PropertyName(fieldName);
                        if (property == name)
                            property += "Value";
                        record.Fields.Add(new FieldDecl(fieldName, property, Read(f.Get("type"), childNs), f.GetString("doc"), f.TryGet("default", out _)));
                    }
                    return record;
                }
            case "enum":
                {
                    var (full, name, _) = Name(obj, ns);
                    var symbols = (obj.Get("symbols") as List<object?> ?? throw new FormatException($"enum {full} has no symbols")).Select(s => (string)s!).ToList();
                    var decl = new EnumDecl(full, name, symbols, obj.GetString("doc"));
                    Define(full, decl);
                    return decl;
                }
            case "fixed":
                {
                    var (full, _, _) = Name(obj, ns);
                    var size = Convert.ToInt32(obj.Get("size") ?? throw new FormatException($"fixed {full} has no size"));
                    var isDecimal = obj.GetString("logicalType") == "decimal" && obj.Get("precision") is long;
                    var fixedRef = new FixedRef(full, size, isDecimal, obj.Get("scale") is long scale ? (int)scale : 0);
                    _named[full] = fixedRef;
                    if (isDecimal)
                        throw new NotSupportedException($"fixed {full}: a decimal on a fixed cannot be written by Apache.Avro's specific writer; use bytes");
                    Declarations.Add(fixedRef);
                    return fixedRef;
                }
            case "array":
                return new ArrayRef(Read(obj.Get("items"), ns));
            case "map":
                return new MapRef(Read(obj.Get("values"), ns));
            default:
                if (IsPrimitive(type))
                {
                    var logical = SupportedLogical(type, obj);
                    var precision = obj.Get("precision") is long p ? (int)p : 0;
                    var scaleValue = obj.Get("scale") is long s ? (int)s : 0;
                    return type == "null" ? ReadName(type, ns) : new PrimitiveRef(type, logical, precision, scaleValue);
                }
                return ReadName(type, ns);
        }
    }

    private static string? SupportedLogical(string type, JsonObject obj)
    {
        var logical = obj.GetString("logicalType");
        switch (logical)
        {
            case "timestamp-millis" when type == "long":
            case "timestamp-micros" when type == "long":
            case "local-timestamp-millis" when type == "long":
            case "local-timestamp-micros" when type == "long":
            case "time-micros" when type == "long":
            case "date" when type == "int":
            case "time-millis" when type == "int":
            case "uuid" when type == "string":
                return logical;
            case "decimal" when type == "bytes" && obj.Get("precision") is long:
                return logical;
            default:
                return null; // unknown or invalid logical types are ignored, as the specification requires
        }
    }

    private void Define(string fullName, TypeRef decl)
    {
        if (_named.ContainsKey(fullName))
            throw new FormatException($"type '{fullName}' is defined twice");
        _named[fullName] = decl;
        Declarations.Add(decl);
    }

    private static (string Full, string Name, string Namespace) Name(JsonObject obj, string enclosing)
    {
        var name = obj.GetString("name") ?? throw new FormatException("named type without a name");
        var dot = name.LastIndexOf('.');
        if (dot >= 0)
            return (name, name.Substring(dot + 1), name.Substring(0, dot));
        var ns = obj.TryGet("namespace", out var n) && n is string s ? s : enclosing;
        return (ns.Length == 0 ? name : ns + "." + name, name, ns);
    }

    private static bool IsPrimitive(string name) =>
        name == "null" || name == "boolean" || name == "int" || name == "long" || name == "float" ||
        name == "double" || name == "bytes" || name == "string";
}

internal static class Naming
{
    /// <summary>snake_case (or camelCase) → PascalCase: lepton_1_pt → Lepton1Pt.</summary>
    public static string PropertyName(string fieldName)
    {
        var parts = fieldName.Split(new[] { '_' }, StringSplitOptions.RemoveEmptyEntries);
        var result = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        if (result.Length == 0)
            result = "Field";
        if (char.IsDigit(result[0]))
            result = "F" + result;
        return result;
    }
}
