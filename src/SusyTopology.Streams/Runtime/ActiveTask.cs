using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Runtime;

/// <summary>A running task with what the runtime keeps beside it: its collector (written offsets) and its checkpoint file.</summary>
internal sealed record ActiveTask(StreamTask Task, RecordCollector Collector, TaskCheckpoint Checkpoint);
