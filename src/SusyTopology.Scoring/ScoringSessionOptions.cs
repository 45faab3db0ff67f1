using Microsoft.ML.OnnxRuntime;

namespace SusyTopology.Scoring;

/// <summary>The session settings every scoring model is loaded with.</summary>
internal static class ScoringSessionOptions
{
    /// <summary>
    /// One intra-op thread: each scorer task runs the graph on its own stream thread, and the tasks already use every
    /// core — an ORT thread pool per session would compete with them. All graph optimisations (fusions, constant folding).
    /// </summary>
    public static SessionOptions Create() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
}
