using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SusyTopology.Avro.Generator;

/// <summary>
/// Generates a C# class per Avro record (and an enum per Avro enum) from every <c>*.avsc</c> AdditionalFile, with a
/// direct encoder/decoder over SusyTopology.Avro's binary reader/writer and Apache.Avro's <c>ISpecificRecord</c>
/// contract. The C# namespace is the Avro namespace itself, because Apache.Avro's specific reader (and so Confluent's
/// Avro deserializer) finds a record's class by its Avro full name.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AvroSourceGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor InvalidSchema = new DiagnosticDescriptor(
        "AVROGEN001", "Invalid Avro schema", "{0}: {1}", "SusyTopology.Avro", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor Unsupported = new DiagnosticDescriptor(
        "AVROGEN002", "Avro schema not mappable to C#", "{0}: {1}", "SusyTopology.Avro", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor NamespaceMismatch = new DiagnosticDescriptor(
        "AVROGEN003", "Avro namespace cannot be a C# namespace", "{0}: {1}", "SusyTopology.Avro", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var schemaFiles = context.AdditionalTextsProvider
            .Where(file => file.Path.EndsWith(".avsc", StringComparison.OrdinalIgnoreCase))
            .Select((file, ct) => (file.Path, Text: file.GetText(ct)?.ToString() ?? ""));

        context.RegisterSourceOutput(schemaFiles, (spc, input) =>
        {
            var (path, text) = input;
            var fileName = Path.GetFileName(path);
            try
            {
                var json = MiniJson.Parse(text);
                var model = new SchemaModelReader();
                var root = model.Read(json, "");
                if (!(root is RecordDecl record))
                {
                    spc.ReportDiagnostic(Diagnostic.Create(Unsupported, Location.None, fileName, "the top-level schema must be a record"));
                    return;
                }
                var csharpNamespace = NamespaceOf(record.FullName);
                if (csharpNamespace.Length == 0)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(NamespaceMismatch, Location.None, fileName, $"record {record.FullName} has no namespace; give it one (it becomes the C# namespace)"));
                    return;
                }
                var stray = model.Declarations.Select(FullNameOf).FirstOrDefault(name => NamespaceOf(name) != csharpNamespace);
                if (stray != null)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(NamespaceMismatch, Location.None, fileName,
                        $"{stray} is not in namespace {csharpNamespace}; every named type of a file must share the top-level record's namespace"));
                    return;
                }
                var source = CodeEmitter.Emit(csharpNamespace, text, root, model.Declarations);
                spc.AddSource(Path.GetFileNameWithoutExtension(path) + ".avsc.g.cs", SourceText.From(source, Encoding.UTF8));
            }
            catch (NotSupportedException e)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Unsupported, Location.None, fileName, e.Message));
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is InvalidOperationException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(InvalidSchema, Location.None, fileName, e.Message));
            }
        });
    }

    private static string NamespaceOf(string fullName) =>
        fullName.Contains(".") ? fullName.Substring(0, fullName.LastIndexOf('.')) : "";

    private static string FullNameOf(TypeRef declaration) => declaration switch
    {
        RecordDecl r => r.FullName,
        EnumDecl e => e.FullName,
        FixedRef f => f.FullName,
        _ => throw new InvalidOperationException("unexpected declaration " + declaration.GetType().Name),
    };
}
