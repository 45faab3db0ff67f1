using SusyTopology.Avro.Resolution;

namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>Where <see cref="CachedSchemaRegistryClient"/> sends uncached requests: a REST registry or an in-memory one.</summary>
internal interface IRegistryBackend : IDisposable
{
    Task<int> RegisterAsync(string subject, string schema, CancellationToken ct);

    Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken ct);

    Task<string> GetSchemaAsync(int id, CancellationToken ct);

    /// <summary>Version -1 = latest.</summary>
    Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken ct);

    Task<IReadOnlyList<string>> SubjectsAsync(CancellationToken ct);

    Task<IReadOnlyList<int>> VersionsAsync(string subject, CancellationToken ct);

    Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken ct);

    Task<CompatibilityCheckResult> TestCompatibilityAsync(string subject, string schema, CancellationToken ct);

    Task<CompatibilityLevel> GetCompatibilityAsync(string? subject, CancellationToken ct);

    Task<CompatibilityLevel> SetCompatibilityAsync(string? subject, CompatibilityLevel level, CancellationToken ct);
}
