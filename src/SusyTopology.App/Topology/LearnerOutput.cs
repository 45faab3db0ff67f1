using SusyTopology.Events;

namespace SusyTopology.App.Topology;

/// <summary>What the learner emits: a published model snapshot, or (prequential mode) a test-then-train prediction.</summary>
public readonly record struct LearnerOutput(ModelSnapshot? Snapshot, Prediction? Prequential);
