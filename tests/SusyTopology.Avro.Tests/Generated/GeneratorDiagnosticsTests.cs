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
    public void The_avro_namespace_is_the_csharp_namespace()
    {
        var result = Run("Thing.avsc", """{"type":"record","name":"Thing","namespace":"My.Events","fields":[{"name":"event_id","type":"long"},{"name":"thing","type":"int"}]}""");
        Assert.Empty(result.Diagnostics);
        var source = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("namespace My.Events;", source);
        Assert.Contains("public long EventId { get; set; }", source);
        // A property may not share its class's name: the field "thing" of record Thing becomes ThingValue.
        Assert.Contains("public int ThingValue { get; set; }", source);
    }

    [Fact]
    public void Schemas_whose_names_apache_avro_could_not_find_are_reported_as_AVROGEN003()
    {
        var noNamespace = Run("Bare.avsc", """{"type":"record","name":"Bare","fields":[{"name":"a","type":"int"}]}""");
        Assert.Contains("has no namespace", Assert.Single(noNamespace.Diagnostics, d => d.Id == "AVROGEN003").GetMessage());

        var mixed = Run("Mixed.avsc", """{"type":"record","name":"Outer","namespace":"My.Events","fields":[{"name":"inner","type":{"type":"record","name":"Inner","namespace":"other.ns","fields":[{"name":"a","type":"int"}]}}]}""");
        Assert.Contains("other.ns.Inner is not in namespace My.Events", Assert.Single(mixed.Diagnostics, d => d.Id == "AVROGEN003").GetMessage());
    }

    [Fact]
    public void A_decimal_on_a_fixed_is_reported_as_AVROGEN002()
    {
        var result = Run("Money.avsc", """{"type":"record","name":"Money","namespace":"My.Events","fields":[{"name":"amount","type":{"type":"fixed","name":"Amount","size":8,"logicalType":"decimal","precision":10,"scale":2}}]}""");
        Assert.Contains("use bytes", Assert.Single(result.Diagnostics, d => d.Id == "AVROGEN002").GetMessage());
    }
}
