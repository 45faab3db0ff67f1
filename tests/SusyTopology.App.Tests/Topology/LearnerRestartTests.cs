using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.Learning.Onnx;

namespace SusyTopology.App.Tests.Topology;

/// <summary>
/// A learner that restarts from its store (checkpoint + journal, as restored from the changelog) continues exactly as
/// one that never stopped: the same snapshots, bit for bit.
/// </summary>
public class LearnerRestartTests
{
    private static SusyTopologyOptions Options() => new()
    {
        PublishEveryRecords = 64,
        CheckpointEveryRecords = 100, // so the restart point has both a checkpoint and a journal behind it
        PublishInterval = TimeSpan.FromHours(1),
    };

    [Fact]
    public void A_restarted_learner_resumes_exactly_where_it_stopped()
    {
        const int before = 230, after = 170;
        List<KeyValuePair<string, byte[]>> state;
        using (var first = new TopologyHarness(Options()))
        {
            first.PipeMany(Split.TRAIN, before);
            state = first.Driver.GetKeyValueStore<string, byte[]>(OnlineLearnerProcessor.StoreName).All().ToList();
            Assert.Contains(state, kv => kv.Key == JournaledState.CheckpointKey);
            Assert.Contains(state, kv => kv.Key.StartsWith(JournaledState.JournalPrefix, StringComparison.Ordinal));
        }

        using var restarted = new TopologyHarness(Options());
        restarted.Driver.GetKeyValueStore<string, byte[]>(OnlineLearnerProcessor.StoreName).PutAll(state);
        for (var i = 0; i < before; i++) restarted.NextEvent(Split.TRAIN); // skip the rows the first run learned
        restarted.PipeMany(Split.TRAIN, after);

        using var uninterrupted = new TopologyHarness(Options());
        uninterrupted.PipeMany(Split.TRAIN, before + after);

        var resumed = restarted.Models.ReadValuesToList();
        var expected = uninterrupted.Models.ReadValuesToList().Where(m => m.Version > resumed[0].Version - 1).ToList();
        Assert.Equal(expected.Select(m => (m.Version, m.TrainedRecords)), resumed.Select(m => (m.Version, m.TrainedRecords)));
        Assert.Equal(Scores(expected[^1]), Scores(resumed[^1]));
    }

    /// <summary>The model's scores on fixed inputs (the ONNX bytes themselves carry a creation time).</summary>
    internal static float[] Scores(ModelSnapshot snapshot)
    {
        var model = OnnxModel.Load(snapshot.Onnx);
        var rng = new Random(7);
        var batch = Enumerable.Range(0, 50 * 18).Select(_ => (float)(rng.NextDouble() * 2)).ToArray();
        var probs = new float[50];
        model.PredictProba(batch, 50, probs);
        return probs;
    }
}
