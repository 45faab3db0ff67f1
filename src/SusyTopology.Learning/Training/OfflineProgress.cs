namespace SusyTopology.Learning.Training;

/// <summary>Progress of a harness run, in training rows.</summary>
public readonly record struct OfflineProgress(int Epoch, int Epochs, long RecordsDone, long RecordsTotal);
