using System.Globalization;
using Spectre.Console;
using SusyTopology.App.Evaluation;
using SusyTopology.Events;

namespace SusyTopology.App.Inspection;

/// <summary>A model snapshot written to a file by <see cref="ModelExport"/>.</summary>
public sealed record ExportedModel(string Path, long Version, long TrainedRecords, int SizeBytes, DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// `susy export-model`: writes one snapshot's ONNX bytes from the models topic (the newest, or a given version) to a
/// file any ONNX runtime loads — the standardisation is inside the graph, so the model takes raw SUSY features.
/// </summary>
public static class ModelExport
{
    /// <summary>Writes the snapshot and reports it; null (and a message) when the topic holds no such model.</summary>
    public static ExportedModel? Run(ModelEvaluator models, long? version, string path, TextWriter output, CancellationToken ct = default)
    {
        var console = ReportConsole.For(output);
        var snapshot = models.FindModel(version, ct);
        if (snapshot == null)
        {
            console.MarkupLine(version is { } v
                ? $"[yellow]No model version {v} on the models topic.[/]"
                : "[yellow]The models topic holds no model yet (run `susy run` on some training events).[/]");
            return null;
        }
        var exported = Write(snapshot, path);
        var table = new Table().Title("[bold]susy export-model[/]").AddColumns("", "").HideHeaders();
        table.AddRow("file", Markup.Escape(exported.Path));
        table.AddRow("model version", exported.Version.ToString(CultureInfo.InvariantCulture));
        table.AddRow("trained records", exported.TrainedRecords.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("size", $"{exported.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
        table.AddRow("created at", exported.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        foreach (var (name, value) in exported.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            table.AddRow(Markup.Escape(name), value.ToString("G6", CultureInfo.InvariantCulture));
        console.Write(table);
        return exported;
    }

    public static ExportedModel Write(ModelSnapshot snapshot, string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
        File.WriteAllBytes(full, snapshot.Onnx);
        return new ExportedModel(full, snapshot.Version, snapshot.TrainedRecords, snapshot.Onnx.Length, snapshot.CreatedAt,
            snapshot.Metrics ?? new Dictionary<string, double>());
    }
}
