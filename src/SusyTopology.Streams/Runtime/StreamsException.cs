namespace SusyTopology.Streams.Runtime;

/// <summary>A failure of the streams runtime that the thread cannot recover from by itself.</summary>
public class StreamsException(string message, Exception? inner = null) : Exception(message, inner);
