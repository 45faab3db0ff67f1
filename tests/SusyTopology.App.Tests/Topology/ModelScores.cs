using SusyTopology.Events;
using SusyTopology.Scoring;

namespace SusyTopology.App.Tests.Topology;

internal static class ModelScores
{
    /// <summary>A snapshot's scores on fixed inputs: equal scores mean the same weights (the ONNX bytes also carry a creation time).</summary>
    public static float[] Of(ModelSnapshot snapshot)
    {
        using var model = ScoringModel.Load(snapshot.Onnx);
        var rng = new Random(7);
        var batch = Enumerable.Range(0, 50 * 18).Select(_ => (float)(rng.NextDouble() * 2)).ToArray();
        var probs = new float[50];
        model.Score(batch, probs);
        return probs;
    }
}
