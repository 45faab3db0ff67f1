using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SusyTopology.Avro.Generator;

/// <summary>
/// Generates a C# class per Avro record (and an enum per Avro enum) from every <c>*.avsc</c> AdditionalFile, with a
/// direct encoder/decoder over SusyTopology.Avro's binary reader/writer. The C# namespace is the file's
/// <c>AvroNamespace</c> item metadata, else the MSBuild property <c>AvroGeneratedNamespace</c>, else the Avro
/// namespace in PascalCase.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AvroSourceGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor InvalidSchema = new DiagnosticDescriptor(
        "AVROGEN001", "Invalid Avro schema", "{0}: {1}", "SusyTopology.Avro", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor Unsupported = new DiagnosticDescriptor(
        "AVROGEN002", "Avro schema not mappable to C#", "{0}: {1}", "SusyTopology.Avro", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var schemaFiles = context.AdditionalTextsProvider
            .Where(file => file.Path.EndsWith(".avsc", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, ct) => (pair.Left.Path, Text: pair.Left.GetText(ct)?.ToString() ?? "",
                FileNamespace: pair.Right.GetOptions(pair.Left).TryGetValue("build_metadata.AdditionalFiles.AvroNamespace", out var fileNs) && !string.IsNullOrWhiteSpace(fileNs) ? fileNs.Trim() : null));
        var namespaceOption = context.AnalyzerConfigOptionsProvider
            .Select((options, _) => options.GlobalOptions.TryGetValue("build_property.AvroGeneratedNamespace", out var ns) && !string.IsNullOrWhiteSpace(ns) ? ns.Trim() : null);

        context.RegisterSourceOutput(schemaFiles.Combine(namespaceOption), (spc, input) =>
        {
            var ((path, text, fileNamespace), projectNamespace) = input;
            var configuredNamespace = fileNamespace ?? projectNamespace;
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
                var avroNamespace = record.FullName.Contains(".") ? record.FullName.Substring(0, record.FullName.LastIndexOf('.')) : "";
                var csharpNamespace = configuredNamespace ?? PascalNamespace(avroNamespace);
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

    private static string PascalNamespace(string avroNamespace) =>
        avroNamespace.Length == 0
            ? "AvroGenerated"
            : string.Join(".", avroNamespace.Split('.').Select(Naming.PropertyName));
}
