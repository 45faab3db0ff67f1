namespace SusyTopology.Learning.Backends;

/// <summary>A saved learner state was written by another backend than the one asked to continue it.</summary>
public sealed class LearnerBackendMismatchException(LearnerBackend writtenBy, LearnerBackend requested)
    : InvalidOperationException($"The learner state was written by the '{LearnerBackends.Name(writtenBy)}' backend and cannot be continued by " +
        $"'{LearnerBackends.Name(requested)}' (backends round differently, so only the writer resumes exactly). Set " +
        $"Learning:Backend={LearnerBackends.Name(writtenBy)} (or --backend {LearnerBackends.Name(writtenBy)}), or start from an empty learner state.")
{
    public LearnerBackend WrittenBy { get; } = writtenBy;
    public LearnerBackend Requested { get; } = requested;
}
