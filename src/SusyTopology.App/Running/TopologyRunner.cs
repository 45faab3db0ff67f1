using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Running;

/// <summary>
/// Runs the topology on a Streamiz client until cancelled or, with an idle timeout, until the input has been drained:
/// nothing new processed, learned, predicted or published for that long (like the tutorial's <c>stream_timeout</c>).
/// </summary>
public sealed class TopologyRunner(StreamsApp app, TopologyCounters counters, ILogger logger)
{
    public sealed record Outcome(TimeSpan Processing, bool Failed, Exception? Failure);

    public Outcome Run(TimeSpan? idleTimeout, Action? onTick, CancellationToken ct)
    {
        var running = new ManualResetEventSlim();
        app.Stream.StateChanged += (before, now) =>
        {
            logger.LogInformation("Streams state {Before} -> {Now}", before, now);
            if (now == KafkaStream.State.RUNNING) running.Set();
        };
        app.Stream.StartAsync().GetAwaiter().GetResult();

        var lastProgress = Progress();
        var lastChange = Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            Thread.Sleep(200);
            onTick?.Invoke();
            if (app.State == KafkaStream.State.ERROR || app.State == KafkaStream.State.NOT_RUNNING) break;
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
        var failed = app.State == KafkaStream.State.ERROR;
        app.Dispose();
        return new Outcome(counters.ActiveTime, failed, app.Failures.First);
    }

    private (long, long, long, long, long, long) Progress() =>
        (counters.Events, counters.Invalid, counters.TrainedRecords, counters.Predictions, counters.LastModelVersion, counters.Unscored);
}
