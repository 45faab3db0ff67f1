namespace SusyTopology.Streams.Processor.Api;

/// <summary>Handle of a scheduled punctuation.</summary>
public interface ICancellable
{
    void Cancel();
}
