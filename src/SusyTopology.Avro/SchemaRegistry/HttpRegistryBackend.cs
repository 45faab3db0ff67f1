using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SusyTopology.Avro.Resolution;

namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>
/// Confluent Schema Registry REST API over HTTP: Confluent's content type, basic auth, per-request timeout,
/// failover across the configured URLs and retries with exponential backoff for network errors, 5xx and 429.
/// </summary>
internal sealed class HttpRegistryBackend : IRegistryBackend
{
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    private readonly HttpClient _http;
    private readonly Uri[] _baseUrls;
    private readonly SchemaRegistryConfig _config;

    public HttpRegistryBackend(SchemaRegistryConfig config)
    {
        _config = config;
        _baseUrls = config.Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(u => new Uri(u.EndsWith('/') ? u : u + "/", UriKind.Absolute))
            .ToArray();
        if (_baseUrls.Length == 0)
            throw new ArgumentException("SchemaRegistryConfig.Url is empty", nameof(config));
        _http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(config.RequestTimeoutMs) };
        _http.DefaultRequestHeaders.Accept.ParseAdd(ContentType);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.schemaregistry+json; q=0.9");
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json; q=0.5");
        if (!string.IsNullOrEmpty(config.BasicAuthUserInfo))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(config.BasicAuthUserInfo)));
    }

    public async Task<int> RegisterAsync(string subject, string schema, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, $"subjects/{Escape(subject)}/versions", SchemaBody(schema), ct).ConfigureAwait(false))!["id"]!.GetValue<int>();

    public async Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken ct) =>
        ToRegistered(await SendAsync(HttpMethod.Post, $"subjects/{Escape(subject)}", SchemaBody(schema), ct).ConfigureAwait(false), subject);

    public async Task<string> GetSchemaAsync(int id, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Get, $"schemas/ids/{id}", null, ct).ConfigureAwait(false))!["schema"]!.GetValue<string>();

    public async Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken ct) =>
        ToRegistered(await SendAsync(HttpMethod.Get, $"subjects/{Escape(subject)}/versions/{(version == -1 ? "latest" : version.ToString())}", null, ct).ConfigureAwait(false), subject);

    public async Task<IReadOnlyList<string>> SubjectsAsync(CancellationToken ct) =>
        ((JsonArray)(await SendAsync(HttpMethod.Get, "subjects", null, ct).ConfigureAwait(false))!).Select(n => n!.GetValue<string>()).ToList();

    public async Task<IReadOnlyList<int>> VersionsAsync(string subject, CancellationToken ct) =>
        ((JsonArray)(await SendAsync(HttpMethod.Get, $"subjects/{Escape(subject)}/versions", null, ct).ConfigureAwait(false))!).Select(n => n!.GetValue<int>()).ToList();

    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken ct) =>
        ((JsonArray)(await SendAsync(HttpMethod.Delete, $"subjects/{Escape(subject)}", null, ct).ConfigureAwait(false))!).Select(n => n!.GetValue<int>()).ToList();

    public async Task<CompatibilityCheckResult> TestCompatibilityAsync(string subject, string schema, CancellationToken ct)
    {
        try
        {
            var answer = await SendAsync(HttpMethod.Post, $"compatibility/subjects/{Escape(subject)}/versions/latest?verbose=true", SchemaBody(schema), ct).ConfigureAwait(false);
            var messages = answer!["messages"] is JsonArray m ? m.Select(x => x?.ToString() ?? "").ToList() : [];
            return new CompatibilityCheckResult(answer["is_compatible"]!.GetValue<bool>(), messages);
        }
        catch (SchemaRegistryException e) when (e.ErrorCode is SchemaRegistryErrorCodes.SubjectNotFound or SchemaRegistryErrorCodes.VersionNotFound)
        {
            return new CompatibilityCheckResult(true, []); // nothing registered yet: anything may be registered
        }
    }

    public async Task<CompatibilityLevel> GetCompatibilityAsync(string? subject, CancellationToken ct)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}?defaultToGlobal=true";
        var answer = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        return ParseLevel(answer!["compatibilityLevel"]?.GetValue<string>() ?? answer["compatibility"]?.GetValue<string>());
    }

    public async Task<CompatibilityLevel> SetCompatibilityAsync(string? subject, CompatibilityLevel level, CancellationToken ct)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}";
        var answer = await SendAsync(HttpMethod.Put, path, new JsonObject { ["compatibility"] = level.ToWireName() }, ct).ConfigureAwait(false);
        return ParseLevel(answer!["compatibility"]?.GetValue<string>() ?? answer["compatibilityLevel"]?.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        var attempt = 0;
        var urlIndex = 0;
        while (true)
        {
            var url = new Uri(_baseUrls[urlIndex], path);
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, ContentType);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                if (!await NextAttemptAsync().ConfigureAwait(false))
                    throw new SchemaRegistryException($"schema registry {url.GetLeftPart(UriPartial.Authority)} unreachable: {e.Message}", 0, 0, e);
                continue;
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return text.Length == 0 ? null : JsonNode.Parse(text);
                var status = (int)response.StatusCode;
                if ((status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests) && await NextAttemptAsync().ConfigureAwait(false))
                    continue;
                throw ToException(status, text);
            }
        }

        async Task<bool> NextAttemptAsync()
        {
            // Fail over to the next URL first; once all were tried, back off and start over.
            if (++urlIndex < _baseUrls.Length)
                return true;
            urlIndex = 0;
            if (attempt >= _config.MaxRetries)
                return false;
            var wait = Math.Min((long)_config.RetriesWaitMs << Math.Min(attempt, 20), _config.RetriesMaxWaitMs);
            attempt++;
            await Task.Delay(TimeSpan.FromMilliseconds(wait), ct).ConfigureAwait(false);
            return true;
        }
    }

    private static SchemaRegistryException ToException(int status, string body)
    {
        try
        {
            var error = JsonNode.Parse(body);
            var code = error?["error_code"]?.GetValue<int>() ?? status;
            return new SchemaRegistryException(error?["message"]?.GetValue<string>() ?? body, status, code);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return new SchemaRegistryException(body.Length == 0 ? $"HTTP {status}" : body, status, status);
        }
    }

    private static JsonObject SchemaBody(string schema) => new() { ["schema"] = schema };

    private static RegisteredSchema ToRegistered(JsonNode? node, string subject) => new(
        node!["subject"]?.GetValue<string>() ?? subject,
        node["version"]!.GetValue<int>(),
        node["id"]!.GetValue<int>(),
        node["schema"]!.GetValue<string>(),
        node["schemaType"]?.GetValue<string>() ?? "AVRO");

    private static CompatibilityLevel ParseLevel(string? name) =>
        CompatibilityLevels.TryParse(name, out var level) ? level : throw new SchemaRegistryException($"unknown compatibility level '{name}'", 200, SchemaRegistryErrorCodes.InvalidCompatibilityLevel);

    private static string Escape(string subject) => Uri.EscapeDataString(subject);
}
