using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SusyTopology.Avro.Resolution;

namespace SusyTopology.Avro.DevRegistry;

/// <summary>
/// The Confluent Schema Registry REST subset clients use, over an <see cref="InMemorySchemaRegistry"/>:
/// registration, lookup, schemas by id, subjects and versions, deletion, global and per-subject compatibility
/// configuration, compatibility tests, and an always-empty association lookup.
/// </summary>
internal static class RegistryEndpoints
{
    public const int SubjectCompatibilityNotConfigured = 40408;

    public static void Map(IEndpointRouteBuilder app, InMemorySchemaRegistry registry)
    {
        app.MapGet("/", () => RegistryResponses.Json(new JsonObject()));
        app.MapGet("/schemas/types", () => RegistryResponses.Json(new JsonArray("AVRO")));

        // No subject is ever associated with a topic here: Confluent's default AssociatedNameStrategy then falls back
        // to its configured strategy (topic name by default) without treating the answer as an error.
        app.MapGet("/associations/resources/{resourceNamespace}/{resourceName}", () => RegistryResponses.Json(new JsonArray()));

        app.MapPost("/subjects/{subject}/versions", (string subject, HttpRequest request) => Handle(request, body =>
            RegistryResponses.Json(new JsonObject { ["id"] = registry.Register(subject, AvroSchemaOf(body)) })));

        app.MapPost("/subjects/{subject}", (string subject, HttpRequest request) => Handle(request, body =>
            RegistryResponses.Json(Describe(registry.Lookup(subject, AvroSchemaOf(body))))));

        app.MapGet("/schemas/ids/{id}", (string id) => Handle(() =>
            RegistryResponses.Json(new JsonObject { ["schema"] = registry.GetSchema(ParseId(id)) })));

        app.MapGet("/schemas/ids/{id}/schema", (string id) => Handle(() =>
            RegistryResponses.Json(JsonNode.Parse(registry.GetSchema(ParseId(id))))));

        app.MapGet("/subjects", () => RegistryResponses.Json(new JsonArray(registry.Subjects().Select(s => (JsonNode?)s).ToArray())));

        app.MapGet("/subjects/{subject}/versions", (string subject) => Handle(() =>
            RegistryResponses.Json(new JsonArray(registry.VersionsOf(subject).Select(v => (JsonNode?)v).ToArray()))));

        app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) => Handle(() =>
            RegistryResponses.Json(Describe(registry.GetVersion(subject, ParseVersion(version))))));

        app.MapGet("/subjects/{subject}/versions/{version}/schema", (string subject, string version) => Handle(() =>
            RegistryResponses.Json(JsonNode.Parse(registry.GetVersion(subject, ParseVersion(version)).SchemaString))));

        app.MapDelete("/subjects/{subject}", (string subject) => Handle(() =>
            RegistryResponses.Json(new JsonArray(registry.DeleteSubject(subject).Select(v => (JsonNode?)v).ToArray()))));

        app.MapGet("/config", () => RegistryResponses.Json(new JsonObject { ["compatibilityLevel"] = registry.GlobalCompatibility.ToWireName() }));

        app.MapPut("/config", (HttpRequest request) => Handle(request, body =>
        {
            registry.GlobalCompatibility = LevelOf(body);
            return RegistryResponses.Json(new JsonObject { ["compatibility"] = registry.GlobalCompatibility.ToWireName() });
        }));

        app.MapGet("/config/{subject}", (string subject, bool? defaultToGlobal) => Handle(() =>
        {
            var level = registry.GetSubjectCompatibility(subject) ?? (defaultToGlobal == true ? registry.GlobalCompatibility : null);
            return level is { } l
                ? RegistryResponses.Json(new JsonObject { ["compatibilityLevel"] = l.ToWireName() })
                : RegistryResponses.Error(SubjectCompatibilityNotConfigured, $"Subject '{subject}' does not have subject-level compatibility configured");
        }));

        app.MapPut("/config/{subject}", (string subject, HttpRequest request) => Handle(request, body =>
        {
            var level = LevelOf(body);
            registry.SetSubjectCompatibility(subject, level);
            return RegistryResponses.Json(new JsonObject { ["compatibility"] = level.ToWireName() });
        }));

        app.MapPost("/compatibility/subjects/{subject}/versions/{version}", (string subject, string version, bool? verbose, HttpRequest request) => Handle(request, body =>
        {
            var result = registry.TestCompatibility(subject, ParseVersion(version), AvroSchemaOf(body));
            var answer = new JsonObject { ["is_compatible"] = result.IsCompatible };
            if (verbose == true)
                answer["messages"] = new JsonArray(result.Messages.Select(m => (JsonNode?)m).ToArray());
            return RegistryResponses.Json(answer);
        }));
    }

    private static JsonObject Describe(RegisteredSchema schema) => new()
    {
        ["subject"] = schema.Subject,
        ["version"] = schema.Version,
        ["id"] = schema.Id,
        ["schema"] = schema.SchemaString,
    };

    /// <summary>The "schema" of a request body; only Avro schemas are accepted.</summary>
    private static string AvroSchemaOf(JsonNode? body)
    {
        var type = body?["schemaType"]?.GetValue<string>() ?? "AVRO";
        if (!string.Equals(type, "AVRO", StringComparison.OrdinalIgnoreCase))
            throw new RegistryErrorException($"Invalid schema: schemaType {type} is not supported (AVRO only)", 422, RegistryErrorCodes.InvalidSchema);
        if (body?["references"] is JsonArray { Count: > 0 })
            throw new RegistryErrorException("Invalid schema: schema references are not supported", 422, RegistryErrorCodes.InvalidSchema);
        return body?["schema"]?.GetValue<string>()
            ?? throw new RegistryErrorException("Invalid schema: the request has no \"schema\"", 422, RegistryErrorCodes.InvalidSchema);
    }

    private static CompatibilityLevel LevelOf(JsonNode? body)
    {
        var name = body?["compatibility"]?.GetValue<string>() ?? body?["compatibilityLevel"]?.GetValue<string>();
        return CompatibilityLevels.TryParse(name, out var level)
            ? level
            : throw new RegistryErrorException($"Invalid compatibility level: {name}", 422, RegistryErrorCodes.InvalidCompatibilityLevel);
    }

    private static int ParseId(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RegistryErrorException("Schema not found", 404, RegistryErrorCodes.SchemaNotFound);

    /// <summary>"latest" (or -1) → -1, a positive version number → itself, anything else → 42202.</summary>
    private static int ParseVersion(string version)
    {
        if (version == "latest" || version == "-1")
            return -1;
        return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new RegistryErrorException(
                $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"",
                422, RegistryErrorCodes.InvalidVersion);
    }

    private static IResult Handle(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (RegistryErrorException e)
        {
            return RegistryResponses.Error(e);
        }
    }

    private static async Task<IResult> Handle(HttpRequest request, Func<JsonNode?, IResult> action)
    {
        JsonNode? body;
        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return RegistryResponses.Error(RegistryErrorCodes.InvalidSchema, "Unrecognized request body: " + e.Message);
        }
        try
        {
            return action(body);
        }
        catch (InvalidOperationException e)
        {
            // A JSON value of the wrong kind (e.g. "schema": 42).
            return RegistryResponses.Error(RegistryErrorCodes.InvalidSchema, "Invalid request: " + e.Message);
        }
        catch (RegistryErrorException e)
        {
            return RegistryResponses.Error(e);
        }
    }
}
