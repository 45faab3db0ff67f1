using System.Collections.Concurrent;
using SusyTopology.Avro.Resolution;

namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>
/// Schema Registry client that caches what never changes: schemas by id, ids by (subject, schema) after
/// registration or lookup. <c>mock://&lt;scope&gt;</c> URLs are served by the in-memory <see cref="MockSchemaRegistry"/>.
/// </summary>
public sealed class CachedSchemaRegistryClient : ISchemaRegistryClient
{
    private readonly IRegistryBackend _backend;
    private readonly int _maxCachedSchemas;
    private readonly ConcurrentDictionary<int, Schema> _schemasById = new();
    private readonly ConcurrentDictionary<(string Subject, string Schema), int> _idsBySubjectSchema = new();

    public CachedSchemaRegistryClient(SchemaRegistryConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _maxCachedSchemas = Math.Max(1, config.MaxCachedSchemas);
        _backend = MockSchemaRegistry.IsMockUrl(config.Url, out var scope)
            ? new InMemoryRegistryBackend(MockSchemaRegistry.Scope(scope))
            : new HttpRegistryBackend(config);
    }

    /// <summary>A client of an in-memory registry this process owns (the development registry uses this for tests).</summary>
    public CachedSchemaRegistryClient(InMemorySchemaRegistry registry, int maxCachedSchemas = 1_000)
    {
        _backend = new InMemoryRegistryBackend(registry);
        _maxCachedSchemas = maxCachedSchemas;
    }

    public async Task<int> RegisterSchemaAsync(string subject, Schema schema, CancellationToken cancellationToken = default)
    {
        if (_idsBySubjectSchema.TryGetValue((subject, schema.SchemaString), out var id))
            return id;
        id = await _backend.RegisterAsync(subject, schema.SchemaString, cancellationToken).ConfigureAwait(false);
        Remember((subject, schema.SchemaString), id);
        return id;
    }

    public async Task<RegisteredSchema> LookupSchemaAsync(string subject, Schema schema, CancellationToken cancellationToken = default)
    {
        var registered = await _backend.LookupAsync(subject, schema.SchemaString, cancellationToken).ConfigureAwait(false);
        Remember((subject, schema.SchemaString), registered.Id);
        return registered;
    }

    public async Task<Schema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        if (_schemasById.TryGetValue(id, out var schema))
            return schema;
        schema = new Schema(await _backend.GetSchemaAsync(id, cancellationToken).ConfigureAwait(false));
        if (_schemasById.Count >= _maxCachedSchemas)
            _schemasById.Clear();
        _schemasById[id] = schema;
        return schema;
    }

    public Task<RegisteredSchema> GetLatestSchemaAsync(string subject, CancellationToken cancellationToken = default) =>
        _backend.GetVersionAsync(subject, -1, cancellationToken);

    public Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, CancellationToken cancellationToken = default) =>
        version > 0 ? _backend.GetVersionAsync(subject, version, cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(version), version, "versions start at 1");

    public Task<IReadOnlyList<string>> GetAllSubjectsAsync(CancellationToken cancellationToken = default) => _backend.SubjectsAsync(cancellationToken);

    public Task<IReadOnlyList<int>> GetSubjectVersionsAsync(string subject, CancellationToken cancellationToken = default) =>
        _backend.VersionsAsync(subject, cancellationToken);

    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default)
    {
        var versions = await _backend.DeleteSubjectAsync(subject, cancellationToken).ConfigureAwait(false);
        foreach (var key in _idsBySubjectSchema.Keys.Where(k => k.Subject == subject).ToList())
            _idsBySubjectSchema.TryRemove(key, out _);
        return versions;
    }

    public Task<CompatibilityCheckResult> TestCompatibilityAsync(string subject, Schema schema, CancellationToken cancellationToken = default) =>
        _backend.TestCompatibilityAsync(subject, schema.SchemaString, cancellationToken);

    public Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default) =>
        _backend.GetCompatibilityAsync(subject, cancellationToken);

    public Task<CompatibilityLevel> UpdateCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default) =>
        _backend.SetCompatibilityAsync(subject, level, cancellationToken);

    public void Dispose() => _backend.Dispose();

    private void Remember((string, string) key, int id)
    {
        if (_idsBySubjectSchema.Count >= _maxCachedSchemas)
            _idsBySubjectSchema.Clear();
        _idsBySubjectSchema[key] = id;
    }
}
