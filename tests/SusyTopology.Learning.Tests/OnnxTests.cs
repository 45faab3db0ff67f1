using System.Globalization;
using System.Text.Json;
using Onnx;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Onnx;

namespace SusyTopology.Learning.Tests;

/// <summary>
/// The ONNX writer's output as written. That ONNX Runtime scores it as the classifier predicts (within 1e-5) is
/// checked where models are served: tests/SusyTopology.Scoring.Tests (LearnerModelTests).
/// </summary>
public class OnnxTests(TrainedFixture trained) : IClassFixture<TrainedFixture>
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private byte[] Export() => OnnxExporter.Export(trained.Classifier, new OnnxExportOptions { ModelVersion = "7", CreatedAt = Created });

    [Fact]
    public void Graph_has_the_documented_operators_and_symbolic_batch()
    {
        var proto = ModelProto.Parser.ParseFrom(Export());
        Assert.Equal(["Sub", "Div", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Sigmoid"], proto.Graph.Node.Select(n => n.OpType));
        Assert.All(proto.Graph.Node.Where(n => n.OpType == "Gemm"), n => Assert.Equal(1, n.Attribute.Single(a => a.Name == "transB").I));
        var input = proto.Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal("N", input[0].DimParam);
        Assert.Equal(18, input[1].DimValue);
    }

    [Fact]
    public void Metadata_and_names_are_written_as_documented()
    {
        var proto = ModelProto.Parser.ParseFrom(Export());
        var metadata = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("7", metadata[OnnxExporter.MetadataKeys.Version]);
        Assert.Equal(trained.Classifier.TrainedRecords.ToString(CultureInfo.InvariantCulture), metadata[OnnxExporter.MetadataKeys.TrainedRecords]);
        Assert.Equal(Created, DateTimeOffset.Parse(metadata[OnnxExporter.MetadataKeys.CreatedAt], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        Assert.Equal(SusyFeatures.Names, JsonSerializer.Deserialize<string[]>(metadata[OnnxExporter.MetadataKeys.FeatureNames]));
        Assert.Equal(OnnxExporter.OpsetVersion, proto.OpsetImport.Single().Version);
        Assert.Equal("features", proto.Graph.Input.Single().Name);
        Assert.Equal("probability", proto.Graph.Output.Single().Name);
    }

    [RequiresPythonOnnxFact]
    public void Exported_model_passes_the_onnx_checker()
    {
        var path = Path.Combine(Path.GetTempPath(), $"susy-check-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Export());
        try
        {
            var (code, stdout, stderr) = ExternalTools.Run(ExternalTools.DebianPython,
                ["-c", "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.opset_import[0].version)", path],
                TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"onnx.checker rejected the model: {stderr}");
            Assert.Equal(OnnxExporter.OpsetVersion.ToString(), stdout.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
