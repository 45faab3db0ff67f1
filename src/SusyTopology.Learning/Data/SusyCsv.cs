using System.Globalization;
using System.IO.Compression;

namespace SusyTopology.Learning.Data;

/// <summary>
/// Reader for the UCI SUSY format: no header, 19 comma-separated numbers per line, the 0/1 class label first
/// (written as a float, e.g. <c>1.000000000000000000e+00</c>), then the 18 features. Plain or gzip files
/// (detected by the gzip magic bytes, not the file name). Bad rows raise <see cref="SusyCsvFormatException"/>
/// with the line number; blank lines are skipped.
/// </summary>
public static class SusyCsv
{
    public const int Columns = SusyFeatures.Count + 1;

    /// <summary>Streams the rows of <paramref name="path"/>.</summary>
    public static IEnumerable<SusyRow> ReadRows(string path)
    {
        using var reader = OpenText(path);
        foreach (var row in ReadRows(reader, path)) yield return row;
    }

    /// <summary>Streams the rows of a text reader; <paramref name="sourceName"/> only labels error messages.</summary>
    public static IEnumerable<SusyRow> ReadRows(TextReader reader, string sourceName)
    {
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var features = new float[SusyFeatures.Count];
            var label = ParseLine(line, features, sourceName, lineNumber);
            yield return new SusyRow(lineNumber, label, features);
        }
    }

    /// <summary>Reads up to <paramref name="maxRows"/> rows (all when null) into a row-major dataset.</summary>
    public static SusyDataset Load(string path, int? maxRows = null)
    {
        if (maxRows is < 0) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "Must not be negative.");
        var features = new List<float>();
        var labels = new List<int>();
        using var reader = OpenText(path);
        Span<float> row = stackalloc float[SusyFeatures.Count];
        long lineNumber = 0;
        while ((maxRows is null || labels.Count < maxRows) && reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            labels.Add(ParseLine(line, row, path, lineNumber));
            foreach (var v in row) features.Add(v);
        }
        return new SusyDataset([.. features], [.. labels]);
    }

    /// <summary>Opens a UCI SUSY file as text, decompressing it when it starts with the gzip magic bytes.</summary>
    public static TextReader OpenText(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        Stream source = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        return new StreamReader(source, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    /// <summary>Parses one line into <paramref name="features"/> and returns the label.</summary>
    public static int ParseLine(ReadOnlySpan<char> line, Span<float> features, string sourceName = "<input>", long lineNumber = 0)
    {
        if (features.Length < SusyFeatures.Count) throw new ArgumentException("Need room for 18 features.", nameof(features));
        var label = -1;
        var column = 0;
        foreach (var range in line.Split(','))
        {
            if (column >= Columns)
                throw new SusyCsvFormatException(sourceName, lineNumber, $"more than {Columns} columns (label + {SusyFeatures.Count} features expected)");
            var field = line[range].Trim();
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                var hint = lineNumber == 1 && column == 0 ? " (UCI SUSY files have no header line)" : "";
                throw new SusyCsvFormatException(sourceName, lineNumber, $"column {column + 1} is not a finite number: '{field.ToString()}'{hint}");
            }
            if (column == 0)
            {
                label = value switch
                {
                    0.0 => 0,
                    1.0 => 1,
                    _ => throw new SusyCsvFormatException(sourceName, lineNumber, $"label must be 0 or 1, was {field.ToString()}"),
                };
            }
            else
            {
                features[column - 1] = (float)value;
            }
            column++;
        }
        if (column != Columns)
            throw new SusyCsvFormatException(sourceName, lineNumber, $"{column} columns, expected {Columns} (label + {SusyFeatures.Count} features)");
        return label;
    }
}
