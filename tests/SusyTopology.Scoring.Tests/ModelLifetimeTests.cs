namespace SusyTopology.Scoring.Tests;

/// <summary>One native session per version, released only when its owner and its last scorer are done.</summary>
public class ModelLifetimeTests
{
    private static readonly OnnxGraphs.Linear Layer = OnnxGraphs.Linear.Random(classes: 1);

    [Fact]
    public void A_replaced_version_keeps_scoring_until_its_last_scorer_is_disposed()
    {
        var model = ScoringModel.Load(OnnxGraphs.SigmoidColumn(Layer));
        var scorer = model.CreateScorer(256);
        var features = SampleRows.Features(300);
        var before = new float[300];
        scorer.Score(features, before);

        model.Dispose(); // the owner moved to a newer version while this scorer is mid-stream
        Assert.False(model.IsReleased);
        Assert.Null(model.TryCreateScorer(256)); // no new scorer of a version its owner let go
        var after = new float[300];
        scorer.Score(features, after);
        Assert.Equal(before, after);

        scorer.Dispose();
        Assert.True(model.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => scorer.Score(features, after));
        scorer.Dispose(); // idempotent: the session is released once
        model.Dispose();
    }

    [Fact]
    public void Scorers_of_one_session_score_identically_in_parallel()
    {
        using var model = ScoringModel.Load(OnnxGraphs.SigmoidColumn(Layer));
        var rows = SampleRows.All.Count;
        var features = SampleRows.Features(rows);
        var expected = new float[rows];
        model.Score(features, expected);
        var results = new float[4][];
        Parallel.For(0, results.Length, t =>
        {
            using var scorer = model.CreateScorer(64);
            results[t] = new float[rows];
            for (var r = 0; r < rows; r += 97) // uneven chunks so the threads' runs interleave
            {
                var n = Math.Min(97, rows - r);
                scorer.Score(features.AsSpan(r * 18, n * 18), results[t].AsSpan(r, n));
            }
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Batches_of_every_size_score_as_rows_scored_alone()
    {
        using var model = ScoringModel.Load(OnnxGraphs.SigmoidColumn(Layer));
        using var scorer = model.CreateScorer(256);
        var features = SampleRows.Features(700);
        var alone = new float[700];
        for (var r = 0; r < 700; r++) alone[r] = scorer.ScoreOne(features.AsSpan(r * 18, 18));
        foreach (var batch in new[] { 700, 256, 255, 3 })
        {
            var batched = new float[700];
            for (var r = 0; r < 700; r += batch)
            {
                var n = Math.Min(batch, 700 - r);
                scorer.Score(features.AsSpan(r * 18, n * 18), batched.AsSpan(r, n));
            }
            for (var r = 0; r < 700; r++) Assert.Equal(alone[r], batched[r], 1e-6);
        }
    }

    [Fact]
    public void Rows_that_do_not_match_the_width_are_an_argument_error()
    {
        using var model = ScoringModel.Load(OnnxGraphs.SigmoidColumn(Layer));
        using var scorer = model.CreateScorer(8);
        Assert.Throws<ArgumentException>(() => scorer.Score(new float[35], new float[2]));
    }
}
