using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using SusyTopology.App.Evaluation;

namespace SusyTopology.App.Inspection;

/// <summary>`susy evaluate`'s output: the final model's scores on every TEST event, as a table and as JSON.</summary>
public static class EvaluationReport
{
    public static void Print(EvaluationResult result, TextWriter output)
    {
        var table = new Table().Title("[bold]susy evaluate[/]").AddColumns("", "").HideHeaders();
        table.AddRow("scored", "every TEST event, re-read from the events topic");
        table.AddRow("model version", result.ModelVersion.ToString(CultureInfo.InvariantCulture));
        table.AddRow("test events", result.TestEvents.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("event id collisions", result.IdCollisions == 0
            ? "0"
            : $"[red]{result.IdCollisions.ToString("N0", CultureInfo.InvariantCulture)}[/] (TEST events sharing an id with an earlier one: a load reused ids)");
        table.AddRow("accuracy", result.Accuracy.ToString("P2", CultureInfo.InvariantCulture));
        table.AddRow("ROC AUC", result.Auc.ToString("F4", CultureInfo.InvariantCulture));
        table.AddRow("log loss", result.LogLoss.ToString("F4", CultureInfo.InvariantCulture));
        table.AddRow("trained records", result.TrainedRecords.ToString("N0", CultureInfo.InvariantCulture));
        ReportConsole.For(output).Write(table);
    }

    /// <summary>The keys `susy run --summary-json` uses for the same figures, so scripts read both alike.</summary>
    public static string ToJson(EvaluationResult result) => new JsonObject
    {
        ["model_version"] = result.ModelVersion,
        ["trained_records"] = result.TrainedRecords,
        ["test_events"] = result.TestEvents,
        ["test_event_id_collisions"] = result.IdCollisions,
        ["accuracy"] = FiniteOrNull(result.Accuracy),
        ["auc"] = FiniteOrNull(result.Auc),
        ["log_loss"] = FiniteOrNull(result.LogLoss),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>JSON has no NaN (an empty TEST set gives one).</summary>
    private static JsonNode? FiniteOrNull(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
