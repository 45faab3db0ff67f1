namespace SusyTopology.Learning.Data;

/// <summary>One labelled event from a UCI SUSY CSV, with the 1-based line it came from.</summary>
public sealed record SusyRow(long LineNumber, int Label, float[] Features);
