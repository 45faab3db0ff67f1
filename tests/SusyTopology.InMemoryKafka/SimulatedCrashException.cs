namespace SusyTopology.InMemoryKafka;

/// <summary>Thrown by every client of a process that crashed: the runtime sees its clients vanish mid-call.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);
