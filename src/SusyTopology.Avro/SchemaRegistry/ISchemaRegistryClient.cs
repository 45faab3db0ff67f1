using SusyTopology.Avro.Resolution;

namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>
/// A Schema Registry client with the operations of Confluent's <c>ISchemaRegistryClient</c>. Failures raise
/// <see cref="SchemaRegistryException"/> carrying Confluent's error code.
/// </summary>
public interface ISchemaRegistryClient : IDisposable
{
    /// <summary>Registers a schema under a subject (or finds it already registered) and returns its global id.</summary>
    Task<int> RegisterSchemaAsync(string subject, Schema schema, CancellationToken cancellationToken = default);

    /// <summary>The subject's version holding <paramref name="schema"/> (40401 unknown subject, 40403 not registered there).</summary>
    Task<RegisteredSchema> LookupSchemaAsync(string subject, Schema schema, CancellationToken cancellationToken = default);

    /// <summary>The schema with a global id (40403 when unknown). Cached: ids never change meaning.</summary>
    Task<Schema> GetSchemaAsync(int id, CancellationToken cancellationToken = default);

    Task<RegisteredSchema> GetLatestSchemaAsync(string subject, CancellationToken cancellationToken = default);

    Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> GetAllSubjectsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<int>> GetSubjectVersionsAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>Deletes a subject and returns the versions it had. Ids stay resolvable (Confluent's soft delete).</summary>
    Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="schema"/> may be registered as the subject's next version (checked against the latest).</summary>
    Task<CompatibilityCheckResult> TestCompatibilityAsync(string subject, Schema schema, CancellationToken cancellationToken = default);

    /// <summary>The compatibility level of a subject (falling back to the global one) or, for a null subject, the global level.</summary>
    Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default);

    Task<CompatibilityLevel> UpdateCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default);
}
