using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SusyTopology.App.Topology;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.App.Running;

/// <summary>
/// Runs the topology on a <see cref="KafkaStreams"/> client until cancelled or, with an idle timeout, until the input
/// has been drained: nothing new processed, learned, predicted or published for that long (like the tutorial's
/// <c>stream_timeout</c>).
/// </summary>
public sealed class TopologyRunner(KafkaStreams streams, TopologyCounters counters, ILogger logger)
{
    public sealed record Outcome(TimeSpan Processing, bool Failed, Exception? Failure);

    public Outcome Run(TimeSpan? idleTimeout, Action? onTick, CancellationToken ct)
    {
        var running = new ManualResetEventSlim();
        streams.SetStateListener((now, before) =>
        {
            logger.LogInformation("Streams state {Before} -> {Now}", before, now);
            if (now == KafkaStreamsState.Running) running.Set();
        });
        streams.Start();

        var lastProgress = Progress();
        var lastChange = Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            Thread.Sleep(200);
            onTick?.Invoke();
            if (streams.State is KafkaStreamsState.Error or KafkaStreamsState.NotRunning) break;
            var progress = Progress();
            if (progress != lastProgress || !running.IsSet)
            {
                lastProgress = progress;
                lastChange.Restart();
                continue;
            }
            if (idleTimeout is { } idle && lastChange.Elapsed >= idle)
            {
                logger.LogInformation("Input drained: nothing new for {Idle:N0} s", idle.TotalSeconds);
                break;
            }
        }
        var failed = streams.State == KafkaStreamsState.Error;
        streams.Close(TimeSpan.FromSeconds(30));
        return new Outcome(counters.ActiveTime, failed, streams.Failure);
    }

    private (long, long, long, long, long, long) Progress() =>
        (counters.Events, counters.Invalid, counters.TrainedRecords, counters.Predictions, counters.LastModelVersion, counters.Unscored);
}
