using System.Globalization;
using System.Text;

namespace SusyTopology.Dashboard.Metrics;

/// <summary>
/// Parses Prometheus' text exposition format (version 0.0.4): <c># HELP</c>/<c># TYPE</c> lines are skipped, each
/// sample line gives a name, optional <c>{label="value",…}</c> with <c>\\</c>, <c>\"</c> and <c>\n</c> escapes, a
/// value (including <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>) and an optional timestamp, which is ignored.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line, lineNumber));
        }
        return samples;
    }

    private static PrometheusSample ParseLine(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && !char.IsWhiteSpace(line[i])) i++;
        var name = line[..i];
        if (name.Length == 0) throw Error(lineNumber, "no metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                SkipSpaces(line, ref i);
                if (i >= line.Length) throw Error(lineNumber, "unterminated label set");
                if (line[i] == '}')
                {
                    i++;
                    break;
                }
                var eq = line.IndexOf('=', i);
                if (eq < 0) throw Error(lineNumber, "label without '='");
                var labelName = line[i..eq].Trim();
                i = eq + 1;
                SkipSpaces(line, ref i);
                if (i >= line.Length || line[i] != '"') throw Error(lineNumber, $"label {labelName} has no quoted value");
                labels[labelName] = ReadQuoted(line, ref i, lineNumber);
                SkipSpaces(line, ref i);
                if (i < line.Length && line[i] == ',') i++;
            }
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2) throw Error(lineNumber, "expected a value and an optional timestamp");
        return new PrometheusSample(name, labels, ParseValue(rest[0], lineNumber));
    }

    private static string ReadQuoted(string line, ref int i, int lineNumber)
    {
        var value = new StringBuilder();
        for (i++; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                i++;
                return value.ToString();
            }
            if (c == '\\' && i + 1 < line.Length)
            {
                var escaped = line[++i];
                value.Append(escaped == 'n' ? '\n' : escaped);
            }
            else
            {
                value.Append(c);
            }
        }
        throw Error(lineNumber, "unterminated label value");
    }

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Error(lineNumber, $"'{text}' is not a number"),
    };

    private static void SkipSpaces(string line, ref int i)
    {
        while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
    }

    private static FormatException Error(int lineNumber, string problem) => new($"Prometheus text, line {lineNumber}: {problem}.");
}
