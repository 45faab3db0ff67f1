using Spectre.Console;

namespace SusyTopology.App.Running;

/// <summary>The end-of-run table, beside the TensorFlow I/O tutorial's published figures.</summary>
internal static class SummaryTable
{
    public static void Print(RunSummary s)
    {
        var table = new Table().Title("[bold]susy run — summary[/]").AddColumns("", "SusyTopology", "tutorial (TF I/O + Kafka)");
        table.AddRow("events (train / test)", $"{s.Events:N0} ({s.Train:N0} / {s.Test:N0})", "100,000 (60,000 / 40,000)");
        table.AddRow("invalid → dead-letter", $"{s.Invalid:N0}", "—");
        table.AddRow("predictions (this run)", $"{s.Predictions:N0}" + (s.Unscored > 0 ? $" (+{s.Unscored:N0} unscored → dead-letter)" : ""), "40,000");
        if (s.PredictedTestEvents is { } predicted)
            table.AddRow("TEST events predicted (by id, topic)", Coverage(predicted, s.DuplicatePredictions ?? 0, s.UnpredictedTestEvents ?? 0), "—");
        table.AddRow("final model test accuracy", Percent(s.FinalModelAccuracy), "79.15 %");
        if (s.TestEventIdCollisions is > 0)
            table.AddRow("[red]event id collisions[/]", $"{s.TestEventIdCollisions:N0} TEST events share an id with another (a load reused ids)", "—");
        table.AddRow("final model AUC / log loss", $"{Number(s.Auc)} / {Number(s.LogLoss)}", "—");
        table.AddRow("stream accuracy (as predicted)", Percent(s.Accuracy) + $"  AUC {Number(s.StreamAuc)}", "—");
        table.AddRow("model versions", $"{s.ModelVersions:N0} (trained on {s.TrainedRecords:N0})", "1");
        table.AddRow("processing guarantee", s.Guarantee, "auto-commit (at most/least once)");
        // First event read → last prediction made or record learned: the whole topology, learning included.
        table.AddRow("events/s (first event → all scored and learned)", $"{s.EventsPerSecond:N0}", "~2,000 (ingest)");
        table.AddRow("event → prediction p50 / p99", $"{Number(s.P50Ms, "N1")} / {Number(s.P99Ms, "N1")} ms" + QueuedNote(s), "—");
        AnsiConsole.Write(table);
    }

    /// <summary>Latency counts from the event's time, so events loaded before the app started include their wait for it.</summary>
    private static string QueuedNote(RunSummary s) => s.PredictionsOfQueuedEvents == 0 ? ""
        : s.PredictionsOfQueuedEvents == s.Predictions
            ? " (all loaded before the app started: mostly their wait)"
            : $" ({s.PredictionsOfQueuedEvents:N0} loaded before the app started: their wait included)";

    private static string Coverage(long predicted, long duplicates, long unpredicted) =>
        $"{predicted:N0}"
        + (duplicates > 0 ? $" ({duplicates:N0} duplicate prediction records: events scored again after a restart)" : ", no duplicates")
        + (unpredicted > 0 ? $"; [red]{unpredicted:N0} TEST events without a prediction[/]" : "");

    private static string Percent(double? v) => v is { } x ? $"{x * 100:N2} %" : "—";
    private static string Number(double? v, string format = "N4") => v is { } x ? x.ToString(format) : "—";
}
