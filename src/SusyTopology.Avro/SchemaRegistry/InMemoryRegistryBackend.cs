using SusyTopology.Avro.Resolution;

namespace SusyTopology.Avro.SchemaRegistry;

internal sealed class InMemoryRegistryBackend(InMemorySchemaRegistry registry) : IRegistryBackend
{
    public Task<int> RegisterAsync(string subject, string schema, CancellationToken ct) => Run(() => registry.Register(subject, schema));

    public Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken ct) => Run(() => registry.Lookup(subject, schema));

    public Task<string> GetSchemaAsync(int id, CancellationToken ct) => Run(() => registry.GetSchema(id));

    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken ct) => Run(() => registry.GetVersion(subject, version));

    public Task<IReadOnlyList<string>> SubjectsAsync(CancellationToken ct) => Run(registry.Subjects);

    public Task<IReadOnlyList<int>> VersionsAsync(string subject, CancellationToken ct) => Run(() => registry.VersionsOf(subject));

    public Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken ct) => Run(() => registry.DeleteSubject(subject));

    public Task<CompatibilityCheckResult> TestCompatibilityAsync(string subject, string schema, CancellationToken ct) =>
        Run(() => registry.Subjects().Contains(subject)
            ? registry.TestCompatibility(subject, -1, schema)
            : new CompatibilityCheckResult(true, []));

    public Task<CompatibilityLevel> GetCompatibilityAsync(string? subject, CancellationToken ct) =>
        Run(() => subject is null ? registry.GlobalCompatibility : registry.LevelOf(subject));

    public Task<CompatibilityLevel> SetCompatibilityAsync(string? subject, CompatibilityLevel level, CancellationToken ct) => Run(() =>
    {
        if (subject is null)
            registry.GlobalCompatibility = level;
        else
            registry.SetSubjectCompatibility(subject, level);
        return level;
    });

    public void Dispose()
    {
        // The registry belongs to its mock scope, not to this client.
    }

    private static Task<T> Run<T>(Func<T> action)
    {
        try
        {
            return Task.FromResult(action());
        }
        catch (SchemaRegistryException e)
        {
            return Task.FromException<T>(e);
        }
    }
}
