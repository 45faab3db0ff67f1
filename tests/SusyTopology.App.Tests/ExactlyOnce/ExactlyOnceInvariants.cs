using SusyTopology.App.Tests.Topology;
using SusyTopology.InMemoryKafka;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>What read_committed readers must see after any crash scenario that ran to the end.</summary>
internal static class ExactlyOnceInvariants
{
    public static async Task AssertAsync(EosTopologyHarness harness, InMemoryKafkaCluster cluster, IReadOnlyList<long> testIds,
        LearnerReferences references)
    {
        // One prediction per TEST event.
        var predictions = harness.Predictions(cluster);
        Assert.Equal(testIds.Order(), predictions.Select(p => p.EventId).Order());

        // One accuracy contribution per prediction: each version's total is the number of its labelled predictions.
        var expected = predictions.Where(p => p.Label != null).GroupBy(p => $"model-{p.ModelVersion}")
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), harness.CountedPerVersion(cluster).OrderBy(kv => kv.Key, StringComparer.Ordinal));

        // The learner's committed input holds every TRAIN event once, and its snapshots are what an uninterrupted
        // learner fed that input publishes.
        var input = harness.CommittedTrainingInput(cluster);
        Assert.Equal(EosTopologyHarness.Events - testIds.Count, input.Distinct().Count());
        Assert.Equal(input.Count, input.Distinct().Count());
        var models = harness.Models(cluster);
        Assert.Equal([1L, 2L, 3L], models.Select(m => m.Version));
        var reference = await references.SnapshotScoresAsync(input);
        Assert.Equal(reference, models.Select(ModelScores.Of));
    }
}
