namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>
/// Settings of <see cref="CachedSchemaRegistryClient"/>, named as in Confluent's client. <see cref="Url"/> may list
/// several comma-separated registry URLs (tried in turn) or be <c>mock://&lt;scope&gt;</c> for an in-memory registry
/// shared by every client of that scope in the process.
/// </summary>
public sealed class SchemaRegistryConfig
{
    public string Url { get; set; } = "";

    /// <summary>"user:password" for HTTP basic authentication.</summary>
    public string? BasicAuthUserInfo { get; set; }

    /// <summary>Timeout of one HTTP request.</summary>
    public int RequestTimeoutMs { get; set; } = 30_000;

    /// <summary>How often a request failing with a network error or HTTP 5xx/429 is retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled for each further retry, up to <see cref="RetriesMaxWaitMs"/>.</summary>
    public int RetriesWaitMs { get; set; } = 1_000;

    public int RetriesMaxWaitMs { get; set; } = 20_000;

    /// <summary>How many schemas (and subject/schema ids) the client caches; a full cache is emptied and refilled on demand.</summary>
    public int MaxCachedSchemas { get; set; } = 1_000;
}
