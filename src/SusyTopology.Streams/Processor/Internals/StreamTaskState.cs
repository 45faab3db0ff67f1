namespace SusyTopology.Streams.Processor.Internals;

internal enum StreamTaskState
{
    Created,
    Restoring,
    Running,
    Closed,
}
