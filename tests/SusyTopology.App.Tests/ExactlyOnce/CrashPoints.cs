using SusyTopology.InMemoryKafka;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The crash scenarios of the SUSY topology, generated: the k-th produce (before and after it) to each topic the app
/// writes, the k-th record handed out from each topic it reads (the events, the repartition topics, the models topic
/// of the global store, the changelogs during a restore), and each step of the transactional commit at several
/// depths, plus scenarios with two crashes in a row. The k values span each topic's first record, the
/// middle and near its end in an uninterrupted run (train: 180, learner changelog: ~205, held changelog: ~240,
/// predictions: 120, commits: ~460), so none of them can be reached only by luck.
/// </summary>
public static class CrashPoints
{
    /// <summary>Set to 1 to run every crash point instead of the representative ones (a few minutes on 2 cores).</summary>
    public const string AllVariable = "SUSY_EOS_ALL_CRASH_POINTS";

    public static IReadOnlyList<CrashPoint> All(string applicationId)
    {
        var train = $"{applicationId}-train-repartition";
        var accuracyInput = $"{applicationId}-accuracy-repartition";
        var learner = $"{applicationId}-learner-state-changelog";
        var accuracyState = $"{applicationId}-accuracy-state-changelog";
        var held = $"{applicationId}-held-test-events-changelog";
        const string models = "susy-models", predictions = "susy-predictions", accuracy = "susy-accuracy", events = "susy-events";
        var points = new List<CrashPoint>();

        void Add(string where, bool selected, params FaultSpec[] faults)
            => points.Add(new CrashPoint(where, selected, faults));

        var produced = new (string Topic, string Where, int[] Ks, int Representative)[]
        {
            (train, "the events task's write to the learner's input", [1, 90, 180], 90),
            (learner, "the learner's journal, mid mini-batch and at its end (60 records)", [1, 30, 60, 100, 200], 30),
            (models, "a model publish", [1, 2, 3], 2),
            (predictions, "a prediction", [1, 60, 120], 60),
            (accuracyInput, "the scorer's write to the accuracy aggregator", [1, 120], -1),
            (accuracyState, "the accuracy aggregator's journal", [1, 63], 63),
            (accuracy, "an accuracy report", [1], -1),
            (held, "the held TEST events' changelog", [1, 100, 200], 100),
        };
        foreach (var (topic, where, ks, chosen) in produced)
            foreach (var k in ks)
                foreach (var step in new[] { CommitStep.BeforeProduce, CommitStep.AfterProduce })
                    Add($"{step} of {where}", k == chosen && step == (topic == models ? CommitStep.BeforeProduce : CommitStep.AfterProduce),
                        new FaultSpec(step, topic, k - 1));

        var consumed = new (string Topic, string Where, int[] Ks, int Representative)[]
        {
            (events, "reading the events", [1, 150, 300], 150),
            (train, "the learner reading its input, mid mini-batch", [1, 61, 150], -1),
            (accuracyInput, "the aggregator reading predictions", [1, 100], -1),
            (models, "the global store's update", [1, 3], 1),
        };
        foreach (var (topic, where, ks, chosen) in consumed)
            foreach (var k in ks)
                Add(where, k == chosen, new FaultSpec(CommitStep.AfterConsume, topic, k - 1));

        foreach (var step in new[] { CommitStep.BeforeSendOffsets, CommitStep.AfterSendOffsets, CommitStep.BeforeCommitTransaction, CommitStep.AfterCommitTransaction })
            foreach (var skip in new[] { 0, 50, 200 })
                Add("inside a transactional commit", (step, skip) is (CommitStep.BeforeSendOffsets, 0) or (CommitStep.AfterSendOffsets, 50)
                    or (CommitStep.BeforeCommitTransaction, 200) or (CommitStep.AfterCommitTransaction, 0), new FaultSpec(step, null, skip));

        // A restore happens in a process that replaces a crashed one: the first crash leaves state to restore, the
        // second hits the replacement while it reads the changelog back.
        Add("during the learner's restore", true, new FaultSpec(CommitStep.AfterProduce, learner, 149), new FaultSpec(CommitStep.AfterConsume, learner, 0));
        Add("during the learner's restore", false, new FaultSpec(CommitStep.AfterProduce, learner, 149), new FaultSpec(CommitStep.AfterConsume, learner, 99));
        Add("during the aggregator's restore", false, new FaultSpec(CommitStep.AfterProduce, accuracyState, 59), new FaultSpec(CommitStep.AfterConsume, accuracyState, 29));
        Add("during the scorer's restore", false, new FaultSpec(CommitStep.AfterProduce, held, 199), new FaultSpec(CommitStep.AfterConsume, held, 49));

        Add("two crashes in one run", false, new FaultSpec(CommitStep.AfterProduce, predictions, 29), new FaultSpec(CommitStep.BeforeSendOffsets, null, 99));
        Add("three crashes in one run", true, new FaultSpec(CommitStep.BeforeCommitTransaction, null, 19),
            new FaultSpec(CommitStep.AfterProduce, models, 1), new FaultSpec(CommitStep.AfterConsume, train, 29));
        return points;
    }

    /// <summary>The representative points, or all of them when <see cref="AllVariable"/> is 1.</summary>
    public static IReadOnlyList<CrashPoint> Selected(string applicationId) =>
        Environment.GetEnvironmentVariable(AllVariable) == "1" ? All(applicationId) : All(applicationId).Where(p => p.Representative).ToList();
}
