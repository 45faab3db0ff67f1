using Streamiz.Kafka.Net;
using SusyTopology.App.Tests.Topology;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// What an uninterrupted learner makes of a given input: the scores of its snapshots after a run that never crashed,
/// fed exactly those TRAIN events in that order (one event partition, one thread). Runs are cached by input order,
/// as several crash scenarios end with the same committed input.
/// </summary>
public sealed class LearnerReferences : IDisposable
{
    private readonly EosTopologyHarness _harness = new(applicationId: "susy-eos-reference");
    private readonly Dictionary<string, List<float[]>> _byInput = new(StringComparer.Ordinal);

    public async Task<List<float[]>> SnapshotScoresAsync(IReadOnlyList<long> trainingInput)
    {
        var key = string.Join(',', trainingInput);
        if (_byInput.TryGetValue(key, out var known)) return known;
        var cluster = _harness.NewCluster(out _, onlyIds: trainingInput);
        var state = KafkaStream.State.CREATED;
        using (_harness.Start(cluster, $"reference-{_byInput.Count}", onState: now => state = now).Stream)
            await EosTopologyHarness.WaitUntilAsync(() => _harness.Models(cluster).Count >= 3, "the reference learner's three snapshots",
                () => $"{state}; {_harness.Progress(cluster)}");
        var scores = _harness.Models(cluster).Select(ModelScores.Of).ToList();
        _byInput[key] = scores;
        return scores;
    }

    public void Dispose() => _harness.Dispose();
}
