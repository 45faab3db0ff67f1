using SusyTopology.Avro.Resolution;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.DevRegistry;

/// <summary>
/// The registry's state and rules, in memory: global ids (one per distinct schema, shared across subjects),
/// per-subject versions, compatibility levels (global and per subject) enforced on registration. It backs the
/// development registry server. Thread-safe.
/// </summary>
public sealed class InMemorySchemaRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<int, StoredSchema> _byId = [];
    private readonly Dictionary<string, int> _idBySchemaKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Version, int Id)>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompatibilityLevel> _subjectLevels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextVersion = new(StringComparer.Ordinal);
    private CompatibilityLevel _globalLevel = CompatibilityLevel.Backward;
    private int _nextId = 1;

    private sealed record StoredSchema(int Id, string SchemaString, AvroSchema Parsed);

    public CompatibilityLevel GlobalCompatibility
    {
        get { lock (_gate) return _globalLevel; }
        set { lock (_gate) _globalLevel = value; }
    }

    public int Register(string subject, string schemaString)
    {
        var parsed = Parse(schemaString);
        lock (_gate)
        {
            var key = parsed.ToJson();
            if (_subjects.TryGetValue(subject, out var versions))
                foreach (var (_, id) in versions)
                    if (_byId[id].Parsed.ToJson() == key)
                        return id;

            var existing = versions?.Select(v => _byId[v.Id].Parsed).ToList() ?? [];
            var problems = CompatibilityLevels.Check(LevelOf(subject), parsed, existing);
            if (problems.Count > 0)
                throw new RegistryErrorException(
                    $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join("; ", problems)}]",
                    409, RegistryErrorCodes.IncompatibleSchema);

            if (!_idBySchemaKey.TryGetValue(key, out var schemaId))
            {
                schemaId = _nextId++;
                _idBySchemaKey[key] = schemaId;
                _byId[schemaId] = new StoredSchema(schemaId, key, parsed);
            }
            if (versions is null)
                _subjects[subject] = versions = [];
            var version = _nextVersion.GetValueOrDefault(subject, 1);
            _nextVersion[subject] = version + 1;
            versions.Add((version, schemaId));
            return schemaId;
        }
    }

    public RegisteredSchema Lookup(string subject, string schemaString)
    {
        var key = Parse(schemaString).ToJson();
        lock (_gate)
        {
            var versions = Versions(subject);
            foreach (var (version, id) in versions)
                if (_byId[id].SchemaString == key)
                    return new RegisteredSchema(subject, version, id, _byId[id].SchemaString);
            throw new RegistryErrorException("Schema not found", 404, RegistryErrorCodes.SchemaNotFound);
        }
    }

    public string GetSchema(int id)
    {
        lock (_gate)
            return _byId.TryGetValue(id, out var stored)
                ? stored.SchemaString
                : throw new RegistryErrorException("Schema not found", 404, RegistryErrorCodes.SchemaNotFound);
    }

    /// <summary>A subject's version; <paramref name="version"/> -1 means the latest.</summary>
    public RegisteredSchema GetVersion(string subject, int version)
    {
        lock (_gate)
        {
            var versions = Versions(subject);
            var match = version == -1 ? versions[^1] : versions.FirstOrDefault(v => v.Version == version);
            if (match.Id == 0)
                throw new RegistryErrorException("Version not found.", 404, RegistryErrorCodes.VersionNotFound);
            return new RegisteredSchema(subject, match.Version, match.Id, _byId[match.Id].SchemaString);
        }
    }

    public IReadOnlyList<string> Subjects()
    {
        lock (_gate)
            return _subjects.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<int> VersionsOf(string subject)
    {
        lock (_gate)
            return Versions(subject).Select(v => v.Version).ToList();
    }

    public IReadOnlyList<int> DeleteSubject(string subject)
    {
        lock (_gate)
        {
            var versions = Versions(subject).Select(v => v.Version).ToList();
            _subjects.Remove(subject);
            return versions;
        }
    }

    /// <summary>Whether <paramref name="schemaString"/> is compatible with a version (-1 = latest) at the subject's level.</summary>
    public CompatibilityCheckResult TestCompatibility(string subject, int version, string schemaString)
    {
        var parsed = Parse(schemaString);
        lock (_gate)
        {
            var versions = Versions(subject);
            var level = LevelOf(subject);
            IReadOnlyList<AvroSchema> against;
            if (version == -1)
            {
                // Transitive levels check the whole history, the others the latest version only.
                against = versions.Select(v => _byId[v.Id].Parsed).ToList();
            }
            else
            {
                var match = versions.FirstOrDefault(v => v.Version == version);
                if (match.Id == 0)
                    throw new RegistryErrorException("Version not found.", 404, RegistryErrorCodes.VersionNotFound);
                against = [_byId[match.Id].Parsed];
            }
            var problems = CompatibilityLevels.Check(level, parsed, against);
            return new CompatibilityCheckResult(problems.Count == 0, problems);
        }
    }

    /// <summary>The level configured for the subject, or null when it has none of its own.</summary>
    public CompatibilityLevel? GetSubjectCompatibility(string subject)
    {
        lock (_gate)
            return _subjectLevels.TryGetValue(subject, out var level) ? level : null;
    }

    public void SetSubjectCompatibility(string subject, CompatibilityLevel level)
    {
        lock (_gate)
            _subjectLevels[subject] = level;
    }

    public CompatibilityLevel LevelOf(string subject)
    {
        lock (_gate)
            return _subjectLevels.TryGetValue(subject, out var level) ? level : _globalLevel;
    }

    private List<(int Version, int Id)> Versions(string subject) =>
        _subjects.TryGetValue(subject, out var versions) && versions.Count > 0
            ? versions
            : throw new RegistryErrorException($"Subject '{subject}' not found.", 404, RegistryErrorCodes.SubjectNotFound);

    private static AvroSchema Parse(string schemaString)
    {
        try
        {
            return AvroSchema.Parse(schemaString);
        }
        catch (AvroSchemaParseException e)
        {
            throw new RegistryErrorException($"Invalid schema: {e.Message}", 422, RegistryErrorCodes.InvalidSchema, e);
        }
    }
}
