namespace SusyTopology.Dashboard;

/// <summary>A local HTTP endpoint could not listen because its port is taken; the message says which option moves it.</summary>
public sealed class PortInUseException(string what, string host, int port, string option, Exception inner)
    : Exception($"The {what} cannot listen on {host}:{port}: the port is in use. Pick another with {option} PORT.", inner);
