namespace SusyTopology.Learning.Backends;

/// <summary>Checks a <see cref="NetworkState"/> against the network it is imported into.</summary>
public static class NetworkStates
{
    /// <exception cref="InvalidDataException">A length or the presence of the average does not match.</exception>
    public static void Check(NetworkState state, NetworkLayout layout, bool averaged)
    {
        var n = layout.ParameterCount;
        if (state.Parameters.Length != n || state.FirstMoment.Length != n || state.SecondMoment.Length != n)
            throw new InvalidDataException($"Network state does not fit a network of {n} parameters.");
        if (averaged != state.Averaged is not null)
            throw new InvalidDataException(averaged ? "Network state lacks the weight average." : "Network state has a weight average this network does not keep.");
        if (state.Averaged is { } a && a.Length != n) throw new InvalidDataException($"Weight average does not fit a network of {n} parameters.");
        if (state.Steps < 0) throw new InvalidDataException($"Corrupt state: {state.Steps} optimiser steps.");
    }
}
