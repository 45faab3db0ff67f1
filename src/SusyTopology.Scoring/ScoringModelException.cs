namespace SusyTopology.Scoring;

/// <summary>An ONNX model that cannot serve as a SUSY scorer: unreadable, or outside the accepted input/output contract.</summary>
public sealed class ScoringModelException(string message, Exception? inner = null) : Exception(message, inner);
