using System.Text;
using Confluent.SchemaRegistry;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;

namespace SusyTopology.App.Tests.Topology;

/// <summary>The whole topology through the TopologyTestDriver: branching, learning, model swaps, holding, dead letters.</summary>
public class SusyTopologyTests
{
    [Fact]
    public void Training_events_publish_a_model_every_N_records_and_are_not_scored()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 250);

        var models = h.ModelValues;
        // One snapshot per 64 trained records (one mini-batch each); the 250th record waits in an incomplete batch.
        Assert.Equal([1L, 2L, 3L], models.Select(m => m.Version));
        Assert.Equal([64L, 128L, 192L], models.Select(m => m.TrainedRecords));
        Assert.Empty(h.Predictions); // training events are not scored
        using var onnx = ScoringModel.Load(models[^1].Onnx);
        Assert.Equal("3", onnx.Metadata[OnnxExporter.MetadataKeys.Version]);
        Assert.Equal(18, onnx.Contract.FeatureCount);
        Assert.Equal(250, h.Counters.TrainEvents);
    }

    [Fact]
    public void Test_events_before_any_model_are_held_then_scored_by_the_first_model()
    {
        using var h = new TopologyHarness();
        var held = h.PipeMany(Split.TEST, 10);
        Assert.Empty(h.Predictions);
        Assert.Equal(10, h.Counters.HeldUnscored);

        h.PipeMany(Split.TRAIN, 64); // publishes version 1
        h.AdvanceWallClock(TimeSpan.FromSeconds(1)); // the scorer notices the model on its wall-clock check

        var predictions = h.Predictions.Select(p => KeyValuePair.Create(p.Message.Key, p.Message.Value)).ToList();
        Assert.Equal(held.Select(e => e.EventId).Order(), predictions.Select(p => p.Key).Order());
        Assert.All(predictions, p => Assert.Equal(1L, p.Value.ModelVersion));
        Assert.All(predictions, p => Assert.InRange(p.Value.Probability, 0, 1));
        Assert.Empty(h.DeadLetters);
    }

    [Fact]
    public void Held_events_released_in_batches_get_the_probabilities_the_model_gives_each_alone()
    {
        using var h = new TopologyHarness();
        var held = h.PipeMany(Split.TEST, ScoringProcessor.ReleaseBatch + 44); // two batches, the second partial
        h.PipeMany(Split.TRAIN, 64);
        h.AdvanceWallClock(TimeSpan.FromSeconds(1));

        using var model = ScoringModel.Load(h.ModelValues[^1].Onnx);
        using var scorer = model.CreateScorer(1);
        var predictions = h.Predictions.ToDictionary(p => p.Message.Key, p => p.Message.Value);
        Assert.Equal(held.Count, predictions.Count);
        var features = new float[SusyEventFeatures.Count];
        foreach (var e in held)
        {
            SusyEventFeatures.CopyTo(e, features);
            // Within float rounding: a batch runs other matrix kernels than a single row.
            Assert.Equal(scorer.ScoreOne(features), predictions[e.EventId].Probability, 1e-6);
        }
    }

    [Fact]
    public void Scoring_uses_the_newest_model_after_a_swap()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 64);
        var first = h.Pipe(h.NextEvent(Split.TEST));
        h.PipeMany(Split.TRAIN, 64);
        var second = h.Pipe(h.NextEvent(Split.TEST));

        var predictions = h.Predictions.ToDictionary(p => p.Message.Key, p => p.Message.Value);
        Assert.Equal(1L, predictions[first.EventId].ModelVersion);
        Assert.Equal(2L, predictions[second.EventId].ModelVersion);
        Assert.Equal(second.Label, predictions[second.EventId].Label);
        Assert.Equal(predictions[second.EventId].Probability >= 0.5 ? 1 : 0, predictions[second.EventId].PredictedLabel);
    }

    [Fact]
    public void A_prediction_scored_at_once_names_the_events_topic_partition_and_offset_of_its_event()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 64); // offsets 0..63
        var e = h.Pipe(h.NextEvent(Split.TEST)); // offset 64

        var prediction = Assert.Single(h.Predictions, p => p.Message.Key == e.EventId);
        Assert.Equal("0", TopologyHarness.HeaderText(prediction, EventOrigin.PartitionHeader));
        Assert.Equal("64", TopologyHarness.HeaderText(prediction, EventOrigin.OffsetHeader));
    }

    [Fact]
    public void A_prediction_equals_the_published_onnx_model_scoring_the_same_features()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 100);
        var e = h.Pipe(h.NextEvent(Split.TEST));
        using var model = ScoringModel.Load(h.ModelValues[^1].Onnx);
        var features = new float[18];
        SusyEventFeatures.CopyTo(e, features);
        var expected = new float[1];
        model.Score(features, expected);
        Assert.Equal(expected[0], h.PredictionValues.Single().Probability, 6);
    }

    [Fact]
    public void Unlabelled_test_events_are_scored_but_not_counted_in_accuracy()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 100);
        h.Pipe(h.NextEvent(Split.TEST, keepLabel: false));
        h.Pipe(h.NextEvent(Split.TEST));
        h.AdvanceWallClock(TimeSpan.FromSeconds(2));

        Assert.Equal(2, h.Predictions.Count);
        var reports = h.Accuracy.Select(a => a.Message.Value).ToList();
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(1L, r.Count));
    }

    [Fact]
    public void Prequential_mode_scores_training_events_before_learning_them()
    {
        using var h = new TopologyHarness(new SusyTopologyOptions { PublishEveryRecords = 64, PublishInterval = TimeSpan.FromHours(1), Prequential = true });
        h.PipeMany(Split.TRAIN, 150);
        var prequential = h.Prequential.Select(p => p.Message.Value).ToList();
        Assert.Equal(150 - 64, prequential.Count); // only once a model (version 1, after 64) exists
        Assert.Equal(64, prequential.Count(p => p.ModelVersion == 1));
        Assert.Equal(150 - 128, prequential.Count(p => p.ModelVersion == 2));
        Assert.All(prequential, p => Assert.NotNull(p.Label));
    }

    public static TheoryData<string, string> BadRecords() => new()
    {
        { "random bytes", "magic" },
        { "wrong magic byte", "magic" },
        { "unknown schema id", "unknown schema id 99999" },
        { "truncated body", "" },
        { "NaN feature", "feature lepton_1_pt is NaN" },
        { "infinite feature", "feature m_r is +Infinity" },
        { "negative infinite feature", "feature met_rel is -Infinity" },
        { "label out of range", "label is 7" },
        { "TRAIN without label", "TRAIN event without a label" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void Each_kind_of_bad_record_goes_to_the_dead_letter_topic_with_its_reason_and_the_app_keeps_going(string kind, string reasonFragment)
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 100);
        var good = h.NextEvent(Split.TEST);
        var key = BitConverter.GetBytes(4242L).Reverse().ToArray();
        switch (kind)
        {
            case "random bytes":
                h.PipeRaw(key, [0x9c, 0x41, 0xe7, 0x02, 0xff, 0x10, 0x5a, 0x33, 0x01]);
                break;
            case "wrong magic byte":
                var bytes = h.Encode(good);
                bytes[0] = 7;
                h.PipeRaw(key, bytes);
                break;
            case "unknown schema id":
                h.PipeRaw(key, [0, 0, 1, 0x86, 0x9f, 2, 4, 6]); // id 99999
                break;
            case "truncated body":
                var full = h.Encode(good);
                h.PipeRaw(key, full[..(full.Length / 2)]);
                break;
            case "NaN feature":
                var nan = h.NextEvent(Split.TEST);
                nan.Lepton1Pt = double.NaN;
                h.Pipe(nan);
                break;
            case "infinite feature":
                var inf = h.NextEvent(Split.TEST);
                inf.MR = double.PositiveInfinity;
                h.Pipe(inf);
                break;
            case "negative infinite feature":
                var negative = h.NextEvent(Split.TEST);
                negative.MetRel = double.NegativeInfinity;
                h.Pipe(negative);
                break;
            case "label out of range":
                h.Pipe(h.NextEvent(Split.TEST, labelOverride: 7));
                break;
            case "TRAIN without label":
                h.Pipe(h.NextEvent(Split.TRAIN, keepLabel: false));
                break;
        }

        var dead = h.DeadLetters;
        var letter = Assert.Single(dead);
        var message = TopologyHarness.HeaderText(letter, DeadLetterHeaders.MessageHeader);
        Assert.NotNull(message);
        Assert.Contains(reasonFragment, message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(h.Options.EventsTopic, TopologyHarness.HeaderText(letter, DeadLetterHeaders.TopicHeader));
        Assert.NotNull(TopologyHarness.HeaderText(letter, DeadLetterHeaders.OffsetHeader));
        Assert.NotNull(TopologyHarness.HeaderText(letter, DeadLetterHeaders.PartitionHeader));
        Assert.False(string.IsNullOrEmpty(TopologyHarness.HeaderText(letter, DeadLetterHeaders.ExceptionHeader)));
        Assert.NotNull(letter.Message.Value);

        h.Pipe(good); // the topology is still alive
        Assert.Equal(good.EventId, h.Predictions.Single().Message.Key);
    }

    [Fact]
    public void An_undecodable_record_on_the_models_topic_is_dead_lettered_by_streamiz_handler_and_scoring_goes_on()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 100); // publishes a model
        h.RawModels.PipeInput(Encoding.UTF8.GetBytes("model"), [0, 0, 1, 0x86, 0x9f, 2, 4]); // schema id 99999
        h.Drain();

        var letter = Assert.Single(h.SourceDeadLetters.Read(h.Options.DeadLetterTopic));
        Assert.StartsWith("unknown schema id 99999", Encoding.UTF8.GetString(letter.Headers.GetLastBytes(DeadLetterHeaders.MessageHeader)));
        Assert.Equal(h.Options.ModelsTopic, Encoding.UTF8.GetString(letter.Headers.GetLastBytes(DeadLetterHeaders.TopicHeader)));

        var e = h.NextEvent(Split.TEST);
        h.Pipe(e); // the models store still holds the learner's model
        Assert.Equal(e.EventId, h.Predictions.Single().Message.Key);
    }

    [Fact]
    public void A_record_the_registry_cannot_be_asked_about_fails_the_task_instead_of_being_dead_lettered()
    {
        // Nothing listens on port 1: the record may be perfectly good, so dead-lettering it would lose it.
        var unreachable = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "http://127.0.0.1:1", MaxRetries = 1, RetriesWaitMs = 1 });
        using var h = new TopologyHarness(registry: unreachable);
        var key = BitConverter.GetBytes(4242L).Reverse().ToArray();
        var e = Assert.ThrowsAny<Exception>(() => h.PipeRaw(key, [0, 0, 0, 0, 1, 2, 4, 6]));
        Assert.Contains(Flatten(e), x => x is HttpRequestException);
        Assert.Empty(h.DeadLetters);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
            yield return x;
    }

    [Fact]
    public void Test_events_beyond_the_hold_limit_are_dead_lettered_as_unscored_not_dropped()
    {
        using var h = new TopologyHarness(new SusyTopologyOptions { MaxHeldUnscored = 3, PublishEveryRecords = 64, PublishInterval = TimeSpan.FromHours(1) });
        h.PipeMany(Split.TEST, 5);
        var dead = h.DeadLetters;
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.Equal(ScoringProcessor.UnscoredKind, TopologyHarness.HeaderText(d, DeadLetterHeaders.ExceptionHeader)));
        h.PipeMany(Split.TRAIN, 100);
        h.AdvanceWallClock(TimeSpan.FromSeconds(1));
        Assert.Equal(3, h.Predictions.Count);
        Assert.Equal(2, h.Counters.Unscored);
    }

    [Fact]
    public void The_description_names_every_processor_and_topic()
    {
        using var h = new TopologyHarness();
        var description = h.Topology.Describe().ToString()!;
        foreach (var name in new[] { "validate", "learner", "scorer", "accuracy", "susy-events", "susy-predictions", "susy-models", "susy-accuracy", "susy-dead-letter", "train-repartition" })
            Assert.Contains(name, description);
    }
}
