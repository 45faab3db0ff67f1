using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Model;
using SusyTopology.Learning.Onnx;

namespace SusyTopology.Learning.Tests;

public class OnnxTests(TrainedFixture trained) : IClassFixture<TrainedFixture>
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private byte[] Export() => OnnxExporter.Export(trained.Classifier, new OnnxExportOptions { ModelVersion = "7", CreatedAt = Created });

    [Fact]
    public void Exported_model_scores_like_the_classifier_on_real_rows()
    {
        var model = OnnxModel.Load(Export());
        var data = trained.Data;
        var ours = new float[data.Count];
        var onnx = new float[data.Count];
        trained.Classifier.PredictProba(data.Features, ours);
        model.PredictProba(data.Features, data.Count, onnx);
        var worst = Enumerable.Range(0, data.Count).Max(i => Math.Abs(ours[i] - onnx[i]));
        Assert.True(worst < 1e-5, $"largest difference {worst}");
        Assert.Contains(ours, p => p > 0.9f);
        Assert.Contains(ours, p => p < 0.1f);
    }

    [Fact]
    public void Evaluators_of_one_compiled_model_score_identically_in_parallel()
    {
        var compiled = OnnxModel.Load(Export());
        var data = trained.Data;
        var expected = new float[data.Count];
        compiled.PredictProba(data.Features, data.Count, expected);
        var results = new float[4][];
        Parallel.For(0, results.Length, i =>
        {
            var evaluator = compiled.NewEvaluator();
            results[i] = new float[data.Count];
            for (var r = 0; r < data.Count; r += 97) // uneven chunks so the threads' scratch use interleaves
            {
                var rows = Math.Min(97, data.Count - r);
                evaluator.PredictProba(data.Features.AsSpan(r * 18, rows * 18), rows, results[i].AsSpan(r, rows));
            }
        });
        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Equal(compiled.Metadata, compiled.NewEvaluator().Metadata);
    }

    [Theory]
    [InlineData(new[] { 128, 256, 128 })] // the previous version of the same network: its scratch is taken over
    [InlineData(new[] { 32, 16 })]        // another architecture: fresh scratch
    public void An_evaluator_that_recycles_a_previous_ones_scratch_scores_like_a_fresh_one(int[] previousHidden)
    {
        var data = trained.Data;
        var previous = OnnxModel.Load(OnnxExporter.Export(new OnlineClassifier(new OnlineClassifierOptions
        {
            HiddenLayers = previousHidden,
            Dropout = previousHidden.Select(_ => 0f).ToArray(),
            Seed = 7,
        }))).NewEvaluator();
        var dirty = new float[data.Count];
        previous.PredictProba(data.Features, data.Count, dirty); // leaves the previous model's activations in its scratch

        var compiled = OnnxModel.Load(Export());
        var expected = new float[data.Count];
        compiled.NewEvaluator().PredictProba(data.Features, data.Count, expected);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var recycled = compiled.NewEvaluator(recycled: previous);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var actual = new float[data.Count];
        for (var r = 0; r < data.Count; r += 61) // chunks shorter than the scratch: stale rows beyond them must not matter
        {
            var rows = Math.Min(61, data.Count - r);
            recycled.PredictProba(data.Features.AsSpan(r * 18, rows * 18), rows, actual.AsSpan(r, rows));
        }
        Assert.Equal(expected, actual);
        var sameShape = previousHidden.SequenceEqual([128, 256, 128]);
        if (sameShape) Assert.True(allocated < 16 * 1024, $"recycling allocated {allocated:N0} bytes");
        else Assert.True(allocated > 256 * 1024, $"a fresh evaluator of this network allocates its scratch, saw {allocated:N0} bytes");
    }

    [Fact]
    public void Metadata_round_trips()
    {
        var model = OnnxModel.Load(Export());
        Assert.Equal("7", model.ModelVersion);
        Assert.Equal(trained.Classifier.TrainedRecords, model.TrainedRecords);
        Assert.Equal(Created, model.CreatedAt);
        Assert.Equal(SusyFeatures.Names, model.FeatureNames);
        Assert.Equal(18, model.FeatureCount);
        Assert.Equal("features", model.InputName);
        Assert.Equal("probability", model.OutputName);
        Assert.Equal(OnnxExporter.OpsetVersion, model.OpsetVersion);
    }

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
    public void Unsupported_operator_is_refused_with_its_name()
    {
        var proto = ModelProto.Parser.ParseFrom(Export());
        proto.Graph.Node.Single(n => n.OpType == "Sigmoid").OpType = "Tanh";
        var e = Assert.Throws<UnsupportedOnnxOperatorException>(() => OnnxModel.Load(proto.ToByteArray()));
        Assert.Equal("Tanh", e.OpType);
        Assert.Contains("Tanh", e.Message);
        Assert.Contains("Gemm", e.Message); // lists what is supported
    }

    [Fact]
    public void Garbage_bytes_are_refused()
    {
        Assert.Throws<OnnxModelException>(() => OnnxModel.Load([0xff, 0xff, 0xff, 0x01, 0x02]));
    }

    [Fact]
    public void MatMul_Add_Mul_Identity_graphs_evaluate_correctly()
    {
        // y = sigmoid(((x · B) + c) * 2) through Identity, hand-built with float_data (not raw_data) initializers.
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Matrix("x", 2));
        graph.Output.Add(Matrix("y", 1));
        graph.Initializer.Add(Floats("B", [2, 1], 0.5f, -1f));
        graph.Initializer.Add(Floats("c", [1], 0.25f));
        graph.Initializer.Add(Floats("two", [], 2f));
        graph.Node.Add(Node("MatMul", ["x", "B"], "xb"));
        graph.Node.Add(Node("Add", ["xb", "c"], "z"));
        graph.Node.Add(Node("Mul", ["two", "z"], "z2"));
        graph.Node.Add(Node("Identity", ["z2"], "z3"));
        graph.Node.Add(Node("Sigmoid", ["z3"], "y"));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 13 });
        var scorer = OnnxModel.Load(model.ToByteArray());
        var probs = new float[2];
        scorer.PredictProba([1f, 2f, -3f, 0.5f], 2, probs);
        Assert.Equal(1 / (1 + Math.Exp(-2 * (0.5 - 2 + 0.25))), probs[0], 5);
        Assert.Equal(1 / (1 + Math.Exp(-2 * (-1.5 - 0.5 + 0.25))), probs[1], 5);
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

    [RequiresOnnxRuntimeNodeFact]
    public void OnnxRuntime_scores_ten_thousand_real_rows_within_1e5_of_our_scorer()
    {
        // The bundled sample has 8,998 rows: all of them, then the first 1,002 again, make 10,000.
        const int rows = 10_000;
        var data = trained.Data;
        var f = SusyFeatures.Count;
        var input = new float[rows * f];
        for (var r = 0; r < rows; r++) data.Row(r % data.Count).CopyTo(input.AsSpan(r * f, f));
        var bytes = Export();
        var ours = new float[rows];
        OnnxModel.Load(bytes).PredictProba(input, rows, ours);

        var dir = Directory.CreateTempSubdirectory("susy-parity-").FullName;
        try
        {
            var modelPath = Path.Combine(dir, "model.onnx");
            var inputPath = Path.Combine(dir, "input.f32");
            var outputPath = Path.Combine(dir, "output.f32");
            File.WriteAllBytes(modelPath, bytes);
            File.WriteAllBytes(inputPath, MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
            var (code, stdout, stderr) = ExternalTools.Run("node",
                [Path.Combine(ExternalTools.ParityDirectory, "score.js"), modelPath, inputPath, rows.ToString(), f.ToString(), outputPath],
                TimeSpan.FromMinutes(2), ExternalTools.ParityDirectory);
            Assert.True(code == 0, $"onnxruntime-node failed: {stderr}");
            Assert.Contains("\"probability\"", stdout);
            var theirs = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outputPath)).ToArray();
            Assert.Equal(rows, theirs.Length);
            var worst = 0.0;
            var worstRow = -1;
            for (var i = 0; i < rows; i++)
            {
                var d = Math.Abs(ours[i] - theirs[i]);
                if (d > worst) (worst, worstRow) = (d, i);
            }
            Assert.True(worst <= 1e-5, $"row {worstRow}: ours {ours[Math.Max(worstRow, 0)]} vs ONNX Runtime {theirs[Math.Max(worstRow, 0)]} (|Δ| = {worst})");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ValueInfoProto Matrix(string name, int columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private static TensorProto Floats(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var n = new NodeProto { OpType = op, Name = output };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        return n;
    }
}
