using System.Runtime.InteropServices;

namespace SusyTopology.Scoring.Tests;

/// <summary>
/// Models the project did not write: built in python3 with onnx.helper (random weights, MatMul/Add rather than the
/// exporter's Gemm), checked by onnx.checker, and scored by numpy in double precision — ONNX Runtime must agree.
/// </summary>
public class PythonModelTests
{
    private const int Rows = 2000;

    [RequiresPythonOnnxTheory]
    [InlineData("mlp", 1, false)]
    [InlineData("pair", 2, false)]
    [InlineData("logits", 1, false)]
    [InlineData("fixed", 1, true)]
    public void A_python_built_model_scores_real_rows_as_numpy_does(string mode, int columns, bool singleRow)
    {
        var dir = Directory.CreateTempSubdirectory("susy-python-model-").FullName;
        try
        {
            var features = SampleRows.Features(Rows);
            var (modelPath, inputPath, expectedPath) = (Path.Combine(dir, "model.onnx"), Path.Combine(dir, "input.f32"), Path.Combine(dir, "expected.f32"));
            File.WriteAllBytes(inputPath, MemoryMarshal.AsBytes(features.AsSpan()).ToArray());
            var (code, stdout, stderr) = ExternalPython.Run(
                [Path.Combine(AppContext.BaseDirectory, "python", "make_model.py"), mode, modelPath, inputPath, Rows.ToString(), expectedPath],
                TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"make_model.py failed: {stderr}");
            Assert.Contains(mode, stdout);
            var expected = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(expectedPath)).ToArray();

            using var model = ScoringModel.Load(modelPath);
            Assert.Equal(columns, model.Contract.OutputColumns);
            Assert.Equal(singleRow, model.Contract.SingleRow);
            Assert.Equal(mode == "logits" ? OutputMeaning.Logit : OutputMeaning.Probability, model.Contract.Meaning);
            Assert.StartsWith("python3-onnx", model.ProducerName);
            using var scorer = model.CreateScorer(256);
            var scores = new float[Rows];
            scorer.Score(features, scores);

            var worst = Enumerable.Range(0, Rows).MaxBy(i => Math.Abs(scores[i] - expected[i]));
            Assert.True(Math.Abs(scores[worst] - expected[worst]) <= 1e-5, $"row {worst}: ONNX Runtime {scores[worst]} vs numpy {expected[worst]}");
            Assert.Contains(expected, p => p > 0.6f);
            Assert.Contains(expected, p => p < 0.4f);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
