namespace SusyTopology.Learning.Data;

/// <summary>A row of a UCI SUSY CSV that cannot be read; names the source and the 1-based line.</summary>
public sealed class SusyCsvFormatException(string sourceName, long lineNumber, string problem)
    : FormatException($"{sourceName}:{lineNumber}: {problem}")
{
    public string SourceName { get; } = sourceName;
    public long LineNumber { get; } = lineNumber;
    public string Problem { get; } = problem;
}
