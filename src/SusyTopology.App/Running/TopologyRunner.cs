using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Running;

/// <summary>
/// Runs the topology on a Streamiz client until cancelled or, with an idle timeout, until the input has been drained:
/// nothing new processed, learned, predicted or published for that long while running (like the tutorial's
/// <c>stream_timeout</c>) and, when a backlog probe is given, nothing left uncommitted on the group's input.
/// </summary>
public sealed class TopologyRunner(StreamsApp app, TopologyCounters counters, ILogger logger)
{
    public sealed record Outcome(TimeSpan Processing, bool Failed, Exception? Failure);

    /// <param name="backlog">With an idle timeout: the records the group has still to commit on its input, asked once
    /// the app has been idle that long; a backlog (or no answer) restarts the wait. Without it, idle alone stops.</param>
    public Outcome Run(TimeSpan? idleTimeout, Action? onTick, CancellationToken ct, Func<long>? backlog = null)
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
            // Idle only counts while the client runs: a rebalance (a coordinator down, members expired) holds input
            // back for as long as it lasts, and stopping then left events unprocessed as if the input were drained.
            if (progress != lastProgress || !running.IsSet || app.State != KafkaStream.State.RUNNING)
            {
                lastProgress = progress;
                lastChange.Restart();
                continue;
            }
            if (idleTimeout is { } idle && lastChange.Elapsed >= idle)
            {
                if (Behind(backlog) is { } behind and not 0)
                {
                    // Idle with input left: a broker or coordinator outage holds the stream back (Streamiz still
                    // reports RUNNING), and stopping now would leave those events unprocessed.
                    logger.LogWarning("Nothing new for {Idle:N0} s but the input is not drained ({Behind}); waiting", idle.TotalSeconds,
                        behind < 0 ? "its committed offsets did not answer" : $"{behind:N0} records not committed");
                    lastChange.Restart();
                    continue;
                }
                logger.LogInformation("Input drained: nothing new for {Idle:N0} s", idle.TotalSeconds);
                break;
            }
        }
        var failed = app.State == KafkaStream.State.ERROR;
        app.Dispose();
        return new Outcome(counters.ActiveTime, failed, app.Failures.First);
    }

    /// <summary>The backlog, −1 when it cannot be read, null when not asked for.</summary>
    private long? Behind(Func<long>? backlog)
    {
        if (backlog == null) return null;
        try
        {
            return backlog();
        }
        catch (KafkaException e)
        {
            logger.LogDebug(e, "Reading the group's committed offsets failed");
            return -1;
        }
    }

    private (long, long, long, long, long, long) Progress() =>
        (counters.Events, counters.Invalid, counters.TrainedRecords, counters.Predictions, counters.LastModelVersion, counters.Unscored);
}
