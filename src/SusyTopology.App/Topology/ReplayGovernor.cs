namespace SusyTopology.App.Topology;

/// <summary>
/// Chooses the learner's replay steps per mini-batch from how far behind its input it is. Replay is what lets one
/// online pass reach the accuracy of several epochs, but it multiplies the cost of each batch (1 + replay steps
/// optimiser steps): a learner with a backlog would fall further behind — and on a broker with bounded retention,
/// lose training events. So past <see cref="CatchUpLag"/> records of lag it learns each new batch once and skips
/// replay, and it returns to full replay only when the lag is down to half of that (hysteresis: no flapping at the
/// threshold). A live stream the learner keeps up with, and a backlog smaller than the threshold (the bundled
/// sample), get full replay.
/// </summary>
public sealed class ReplayGovernor(int fullReplaySteps, long catchUpLag)
{
    /// <summary>Lag (records) beyond which replay is skipped; 0 never skips.</summary>
    public long CatchUpLag { get; } = catchUpLag;

    public bool CatchingUp { get; private set; }

    /// <summary>Starts in the mode a restored learner was in (its replay steps say which).</summary>
    public void Resume(int currentReplaySteps) => CatchingUp = fullReplaySteps > 0 && currentReplaySteps == 0;

    /// <summary>The replay steps for the next batch given the input lag (null when unknown: the mode stays).</summary>
    public int Steps(long? lag)
    {
        if (CatchUpLag > 0 && lag is { } l)
        {
            if (!CatchingUp && l > CatchUpLag) CatchingUp = true;
            else if (CatchingUp && l <= CatchUpLag / 2) CatchingUp = false;
        }
        return CatchingUp ? 0 : fullReplaySteps;
    }
}
