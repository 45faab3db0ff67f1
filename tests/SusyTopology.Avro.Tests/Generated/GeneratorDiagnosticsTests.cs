using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SusyTopology.Avro.Tests.Generated;

/// <summary>The source generator run in-process on hand-made .avsc inputs: its diagnostics and its naming rules.</summary>
public class GeneratorDiagnosticsTests
{
    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static IIncrementalGenerator LoadGenerator()
    {
        // The generator is referenced as an analyzer only; load the same build output the compiler used.
        var configuration = typeof(GeneratorDiagnosticsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(TestSchemas.RepoRoot, "src", "SusyTopology.Avro.Generator", "bin", configuration, "netstandard2.0", "SusyTopology.Avro.Generator.dll");
        var assembly = Assembly.LoadFrom(path);
        return (IIncrementalGenerator)Activator.CreateInstance(assembly.GetType("SusyTopology.Avro.Generator.AvroSourceGenerator")!)!;
    }

    private static GeneratorDriverRunResult Run(string fileName, string schema)
    {
        var compilation = CSharpCompilation.Create("probe", references: [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([LoadGenerator().AsSourceGenerator()],
            additionalTexts: ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/schemas/" + fileName, schema)));
        return driver.RunGenerators(compilation).GetRunResult();
    }

    [Fact]
    public void Unions_without_a_csharp_mapping_are_reported_as_AVROGEN002()
    {
        var result = Run("Bad.avsc", """{"type":"record","name":"Bad","fields":[{"name":"x","type":["int","string"]}]}""");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("AVROGEN002", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("Bad.avsc", diagnostic.GetMessage());
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Malformed_schema_files_are_reported_as_AVROGEN001()
    {
        var result = Run("Broken.avsc", """{"type":"record","name":"Broken","fields":[{"name":"x","type":"Unknown"}]}""");
        Assert.Equal("AVROGEN001", Assert.Single(result.Diagnostics).Id);
        Assert.Equal("AVROGEN001", Assert.Single(Run("Json.avsc", "{\"type\":").Diagnostics).Id);
    }

    [Fact]
    public void Without_a_configured_namespace_the_avro_namespace_is_pascal_cased()
    {
        var result = Run("Thing.avsc", """{"type":"record","name":"Thing","namespace":"my_org.some_events","fields":[{"name":"event_id","type":"long"},{"name":"thing","type":"int"}]}""");
        Assert.Empty(result.Diagnostics);
        var source = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("namespace MyOrg.SomeEvents;", source);
        Assert.Contains("public long EventId { get; set; }", source);
        // A property may not share its class's name: the field "thing" of record Thing becomes ThingValue.
        Assert.Contains("public int ThingValue { get; set; }", source);
    }
}
