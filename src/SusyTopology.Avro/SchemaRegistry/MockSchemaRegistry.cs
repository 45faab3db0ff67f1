using System.Collections.Concurrent;

namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>
/// The in-memory registries behind <c>mock://&lt;scope&gt;</c> URLs: one per scope, shared by every client in the
/// process that names it (Confluent's convention for tests).
/// </summary>
public static class MockSchemaRegistry
{
    public const string UrlPrefix = "mock://";

    private static readonly ConcurrentDictionary<string, InMemorySchemaRegistry> Scopes = new(StringComparer.Ordinal);

    public static InMemorySchemaRegistry Scope(string scope) => Scopes.GetOrAdd(scope, _ => new InMemorySchemaRegistry());

    /// <summary>Forgets a scope, so that a later client of the same URL starts empty.</summary>
    public static void DropScope(string scope) => Scopes.TryRemove(scope, out _);

    public static bool IsMockUrl(string url, out string scope)
    {
        var first = url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var isMock = first.StartsWith(UrlPrefix, StringComparison.OrdinalIgnoreCase);
        scope = isMock ? first[UrlPrefix.Length..].TrimEnd('/') : "";
        return isMock;
    }
}
