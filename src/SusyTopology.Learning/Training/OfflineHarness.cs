using System.Diagnostics;
using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Metrics;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Training;

/// <summary>
/// The tutorial's protocol as a library call (what <c>susy train-offline</c> runs): train on one split, report
/// accuracy, ROC AUC and log loss on the other — either shuffled epochs, or one online prequential
/// (test-then-train) pass in stream order.
/// </summary>
public static class OfflineHarness
{
    /// <param name="backend">Trains the network; the SIMD backend when null.</param>
    public static OfflineTrainingResult Run(SusyDataset train, SusyDataset test, OfflineTrainingOptions options,
        IProgress<OfflineProgress>? progress = null, CancellationToken cancellationToken = default, ILearnerBackendFactory? backend = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Count == 0) throw new ArgumentException("No training rows.", nameof(train));
        if (test.Count == 0) throw new ArgumentException("No test rows.", nameof(test));
        if (!options.Online && options.Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(options), "Epochs must be positive.");
        var classifier = new OnlineClassifier(options.Classifier with { InputSize = SusyFeatures.Count }, backend ?? new SimdBackendFactory());
        var stopwatch = Stopwatch.StartNew();
        double? prequentialAccuracy = null, prequentialAuc = null;
        int epochs;
        if (options.Online)
        {
            epochs = 1;
            (prequentialAccuracy, prequentialAuc) = Prequential(classifier, train, progress, cancellationToken);
        }
        else
        {
            epochs = options.Epochs;
            TrainEpochs(classifier, train, options, progress, cancellationToken);
        }
        stopwatch.Stop();
        var (accuracy, auc, logLoss, kappa) = Evaluate(classifier, test);
        return new OfflineTrainingResult
        {
            Mode = options.Online ? "online" : "offline",
            Accuracy = accuracy,
            Auc = auc,
            LogLoss = logLoss,
            CohenKappa = kappa,
            TrainRecords = train.Count,
            TestRecords = test.Count,
            Epochs = epochs,
            TrainSeconds = stopwatch.Elapsed.TotalSeconds,
            RecordsPerSecond = (double)train.Count * epochs / stopwatch.Elapsed.TotalSeconds,
            PrequentialAccuracy = prequentialAccuracy,
            PrequentialAuc = prequentialAuc,
            Classifier = classifier,
        };
    }

    /// <summary>Accuracy, exact ROC AUC, log loss and Cohen's κ of <paramref name="classifier"/> on <paramref name="data"/>.</summary>
    public static (double Accuracy, double Auc, double LogLoss, double CohenKappa) Evaluate(OnlineClassifier classifier, SusyDataset data)
    {
        var probabilities = new float[data.Count];
        classifier.PredictProba(data.Features, probabilities);
        var accuracy = new Accuracy();
        var auc = new RocAuc();
        var logLoss = new LogLoss();
        var kappa = new CohenKappa();
        for (var i = 0; i < data.Count; i++)
        {
            accuracy.Update(data.Labels[i], probabilities[i]);
            auc.Update(data.Labels[i], probabilities[i]);
            logLoss.Update(data.Labels[i], probabilities[i]);
            kappa.Update(data.Labels[i], probabilities[i]);
        }
        return (accuracy.Value, auc.Value, logLoss.Value, kappa.Value);
    }

    private static void TrainEpochs(OnlineClassifier classifier, SusyDataset train, OfflineTrainingOptions options,
        IProgress<OfflineProgress>? progress, CancellationToken cancellationToken)
    {
        var f = SusyFeatures.Count;
        var order = Enumerable.Range(0, train.Count).ToArray();
        var features = new float[train.Features.Length];
        var labels = new int[train.Count];
        // The shuffle has its own generator so the classifier's RNG stream (dropout) is the same with or without shuffling.
        var shuffleRng = new Xoshiro256StarStar(options.Classifier.Seed ^ 0x5DEECE66DUL);
        var batch = options.Classifier.BatchSize;
        long total = (long)train.Count * options.Epochs, done = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (options.ShuffleEachEpoch)
                for (var i = order.Length - 1; i > 0; i--)
                {
                    var j = shuffleRng.NextInt(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
            for (var r = 0; r < order.Length; r++)
            {
                train.Row(order[r]).CopyTo(features.AsSpan(r * f, f));
                labels[r] = train.Labels[order[r]];
            }
            for (var start = 0; start < train.Count; start += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(batch, train.Count - start);
                classifier.Learn(features.AsSpan(start * f, rows * f), labels.AsSpan(start, rows));
                done += rows;
                if ((start / batch) % 16 == 0) progress?.Report(new OfflineProgress(epoch + 1, options.Epochs, done, total));
            }
            progress?.Report(new OfflineProgress(epoch + 1, options.Epochs, done, total));
        }
    }

    /// <summary>Test-then-train over the rows in order: each mini-batch is scored before it is learned.</summary>
    private static (double Accuracy, double Auc) Prequential(OnlineClassifier classifier, SusyDataset train,
        IProgress<OfflineProgress>? progress, CancellationToken cancellationToken)
    {
        var f = SusyFeatures.Count;
        var batch = classifier.Options.BatchSize;
        var probabilities = new float[batch];
        var accuracy = new Accuracy();
        var auc = new RocAuc();
        for (var start = 0; start < train.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(batch, train.Count - start);
            var x = train.Features.AsSpan(start * f, rows * f);
            var y = train.Labels.AsSpan(start, rows);
            classifier.PredictProba(x, probabilities);
            for (var i = 0; i < rows; i++)
            {
                accuracy.Update(y[i], probabilities[i]);
                auc.Update(y[i], probabilities[i]);
            }
            classifier.Learn(x, y);
            if ((start / batch) % 16 == 0 || start + rows == train.Count)
                progress?.Report(new OfflineProgress(1, 1, start + rows, train.Count));
        }
        return (accuracy.Value, auc.Value);
    }
}
