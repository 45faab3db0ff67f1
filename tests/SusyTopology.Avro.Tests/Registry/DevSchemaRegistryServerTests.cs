using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Avro.Resolution;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Tests.Generated;
using SusyTopology.Avro.Tests.Interop;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Registry;

/// <summary>The development registry over HTTP on 127.0.0.1 (port 0), driven by our client, raw HTTP and Confluent's Python client.</summary>
public sealed class DevSchemaRegistryServerTests : IAsyncLifetime
{
    private const string V1 = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"dev\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    private const string V2 = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"dev\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}]}";
    private const string Incompatible = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"dev\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";

    private DevSchemaRegistryServer _server = null!;
    private readonly HttpClient _http = new();

    private string BaseUrl => _server.Url.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync() => _server = await DevSchemaRegistryServer.StartAsync(port: 0);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string ContentType, JsonNode? Body)> Send(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/vnd.schemaregistry.v1+json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Rest_api_answers_with_confluent_content_type_bodies_and_error_codes()
    {
        Assert.NotEqual(0, _server.Url.Port);
        var (status, contentType, body) = await Send(HttpMethod.Post, "/subjects/orders-value/versions", new JsonObject { ["schema"] = V1 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.schemaregistry.v1+json", contentType);
        var id = body!["id"]!.GetValue<int>();

        // Identical schema, other subject: same id.
        Assert.Equal(id, (await Send(HttpMethod.Post, "/subjects/other-value/versions", new JsonObject { ["schema"] = V1 })).Body!["id"]!.GetValue<int>());
        var lookup = (await Send(HttpMethod.Post, "/subjects/orders-value", new JsonObject { ["schema"] = V1 })).Body!;
        Assert.Equal(1, lookup["version"]!.GetValue<int>());
        Assert.Equal("orders-value", lookup["subject"]!.GetValue<string>());
        Assert.Equal(AvroSchema.Parse(V1), AvroSchema.Parse((await Send(HttpMethod.Get, $"/schemas/ids/{id}")).Body!["schema"]!.GetValue<string>()));
        Assert.Equal(new JsonArray("orders-value", "other-value").ToJsonString(), (await Send(HttpMethod.Get, "/subjects")).Body!.ToJsonString());
        Assert.Equal("[1]", (await Send(HttpMethod.Get, "/subjects/orders-value/versions")).Body!.ToJsonString());
        Assert.Equal(id, (await Send(HttpMethod.Get, "/subjects/orders-value/versions/latest")).Body!["id"]!.GetValue<int>());
        Assert.Equal(id, (await Send(HttpMethod.Get, "/subjects/orders-value/versions/1")).Body!["id"]!.GetValue<int>());

        async Task ExpectError(HttpMethod method, string path, JsonNode? requestBody, HttpStatusCode expectedStatus, int errorCode)
        {
            var (s, ct, b) = await Send(method, path, requestBody);
            Assert.Equal(expectedStatus, s);
            Assert.Equal("application/vnd.schemaregistry.v1+json", ct);
            Assert.Equal(errorCode, b!["error_code"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(b["message"]!.GetValue<string>()));
        }

        await ExpectError(HttpMethod.Get, "/subjects/nope/versions", null, HttpStatusCode.NotFound, 40401);
        await ExpectError(HttpMethod.Get, "/subjects/orders-value/versions/7", null, HttpStatusCode.NotFound, 40402);
        await ExpectError(HttpMethod.Get, "/schemas/ids/999", null, HttpStatusCode.NotFound, 40403);
        await ExpectError(HttpMethod.Post, "/subjects/orders-value", new JsonObject { ["schema"] = V2 }, HttpStatusCode.NotFound, 40403);
        await ExpectError(HttpMethod.Post, "/subjects/orders-value/versions", new JsonObject { ["schema"] = Incompatible }, HttpStatusCode.Conflict, 409);
        await ExpectError(HttpMethod.Post, "/subjects/orders-value/versions", new JsonObject { ["schema"] = "{\"type\":\"recrd\"}" }, HttpStatusCode.UnprocessableEntity, 42201);
        await ExpectError(HttpMethod.Get, "/subjects/orders-value/versions/zero", null, HttpStatusCode.UnprocessableEntity, 42202);
        await ExpectError(HttpMethod.Put, "/config", new JsonObject { ["compatibility"] = "SIDEWAYS" }, HttpStatusCode.UnprocessableEntity, 42203);

        // Compatibility: BACKWARD by default; per-subject override; tests against a version.
        Assert.Equal("BACKWARD", (await Send(HttpMethod.Get, "/config")).Body!["compatibilityLevel"]!.GetValue<string>());
        var check = (await Send(HttpMethod.Post, "/compatibility/subjects/orders-value/versions/latest?verbose=true", new JsonObject { ["schema"] = Incompatible })).Body!;
        Assert.False(check["is_compatible"]!.GetValue<bool>());
        Assert.NotEmpty(check["messages"]!.AsArray());
        Assert.True((await Send(HttpMethod.Post, "/compatibility/subjects/orders-value/versions/1", new JsonObject { ["schema"] = V2 })).Body!["is_compatible"]!.GetValue<bool>());
        Assert.Equal("NONE", (await Send(HttpMethod.Put, "/config/orders-value", new JsonObject { ["compatibility"] = "NONE" })).Body!["compatibility"]!.GetValue<string>());
        Assert.Equal("NONE", (await Send(HttpMethod.Get, "/config/orders-value")).Body!["compatibilityLevel"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/subjects/orders-value/versions", new JsonObject { ["schema"] = Incompatible })).Status);
        await ExpectError(HttpMethod.Get, "/config/other-value", null, HttpStatusCode.NotFound, 40408);
        Assert.Equal("BACKWARD", (await Send(HttpMethod.Get, "/config/other-value?defaultToGlobal=true")).Body!["compatibilityLevel"]!.GetValue<string>());

        Assert.Equal("[1,2]", (await Send(HttpMethod.Delete, "/subjects/orders-value")).Body!.ToJsonString());
        await ExpectError(HttpMethod.Get, "/subjects/orders-value/versions/latest", null, HttpStatusCode.NotFound, 40401);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, $"/schemas/ids/{id}")).Status);
    }

    private static Schema Avro(string schema) => new(schema, global::Confluent.SchemaRegistry.SchemaType.Avro);

    private static string RecordWith(params string[] fields) =>
        "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"dev\",\"fields\":[" + string.Join(",", fields) + "]}";

    private const string IntA = "{\"name\":\"a\",\"type\":\"int\"}";
    private const string StringB = "{\"name\":\"b\",\"type\":\"string\"}";
    private const string StringBWithDefault = "{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}";
    private const string IntCWithDefault = "{\"name\":\"c\",\"type\":\"int\",\"default\":0}";

    [Fact]
    public async Task Forward_and_full_levels_are_enforced_on_registration_through_confluents_client()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = BaseUrl });
        await client.UpdateCompatibilityAsync(Compatibility.Forward, "f");
        await client.RegisterSchemaAsync("f", Avro(V1));
        // Removing field a: old readers (need a, no default) cannot read new data.
        Assert.Equal(409, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("f", Avro(RecordWith())))).ErrorCode);
        await client.UpdateCompatibilityAsync(Compatibility.Full, "f");
        Assert.Equal(Compatibility.Full, await client.GetCompatibilityAsync("f"));
        Assert.Equal(409, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("f", Avro(V2)))).ErrorCode);
        Assert.True(await client.RegisterSchemaAsync("f", Avro(RecordWith(IntA, StringBWithDefault))) > 0);
        Assert.Equal(Compatibility.Backward, await client.GetCompatibilityAsync());
    }

    [Fact]
    public async Task Forward_transitive_checks_every_earlier_version_not_just_the_latest()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = BaseUrl });
        // v1 {a}, v2 {a (default 1), b}; a v3 {b} is readable by v2 readers (they default a) but not by v1's.
        await client.UpdateCompatibilityAsync(Compatibility.Forward, "ft");
        await client.RegisterSchemaAsync("ft", Avro(RecordWith(IntA)));
        await client.RegisterSchemaAsync("ft", Avro(RecordWith("{\"name\":\"a\",\"type\":\"int\",\"default\":1}", StringB)));
        var dropsA = Avro(RecordWith(StringB));
        // Against the latest version only (FORWARD) dropping a is fine: v2 readers default it.
        Assert.True(await client.IsCompatibleAsync("ft", dropsA));
        await client.UpdateCompatibilityAsync(Compatibility.ForwardTransitive, "ft");
        Assert.Equal(Compatibility.ForwardTransitive, await client.GetCompatibilityAsync("ft"));
        // v1 readers need a without a default: FORWARD_TRANSITIVE refuses.
        Assert.False(await client.IsCompatibleAsync("ft", dropsA));
        Assert.Equal(409, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("ft", dropsA))).ErrorCode);
    }

    [Fact]
    public async Task Full_transitive_checks_both_directions_against_every_version()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = BaseUrl });
        await client.UpdateCompatibilityAsync(Compatibility.Full, "fl");
        await client.RegisterSchemaAsync("fl", Avro(RecordWith(IntA)));
        await client.RegisterSchemaAsync("fl", Avro(RecordWith(IntA, IntCWithDefault)));
        // v1 {a}, v2 {a, c = 0}, v3 {a = 0, c = 0, b = ""}: each pair reads the other both ways.
        var v3 = Avro(RecordWith("{\"name\":\"a\",\"type\":\"int\",\"default\":0}", IntCWithDefault, StringBWithDefault));
        Assert.True(await client.IsCompatibleAsync("fl", v3));
        await client.UpdateCompatibilityAsync(Compatibility.FullTransitive, "fl");
        Assert.True(await client.IsCompatibleAsync("fl", v3));
        // Dropping a (defaulted in v3 only) is FULL against v3, but v1 and v2 readers need a.
        await client.RegisterSchemaAsync("fl", v3);
        var dropsA = Avro(RecordWith(IntCWithDefault, StringBWithDefault));
        await client.UpdateCompatibilityAsync(Compatibility.Full, "fl");
        Assert.True(await client.IsCompatibleAsync("fl", dropsA));
        await client.UpdateCompatibilityAsync(Compatibility.FullTransitive, "fl");
        Assert.False(await client.IsCompatibleAsync("fl", dropsA));
        Assert.Equal(409, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("fl", dropsA))).ErrorCode);
    }

    [Fact]
    public async Task Confluents_serdes_work_over_http_with_auth_header_and_retries_configured()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig
        {
            Url = "http://127.0.0.1:1," + BaseUrl, // the first URL refuses connections: the client fails over
            BasicAuthUserInfo = "user:secret",
            BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo,
            RequestTimeoutMs = 5_000,
            MaxRetries = 1,
            RetriesWaitMs = 10,
        });
        var context = new SerializationContext(MessageComponentType.Value, "susy-events");
        var bytes = await new AvroSerializer<SusyEvent>(client).SerializeAsync(GeneratedClassTests.SampleEvent(), context);
        var deserializer = new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(client));
        Assert.Equal(GeneratedClassTests.SampleEvent(), deserializer.Deserialize(bytes, false, context));
        Assert.Equal(["susy-events-value"], await client.GetAllSubjectsAsync());
        var unknown = (byte[])bytes.Clone();
        unknown[4] = 99;
        Assert.Equal(40403, Assert.Throws<SchemaRegistryException>(() => deserializer.Deserialize(unknown, false, context)).ErrorCode);
    }

    [Fact]
    public async Task A_taken_port_is_reported_as_such_with_what_to_do()
    {
        var e = await Assert.ThrowsAsync<RegistryPortInUseException>(() => DevSchemaRegistryServer.StartAsync(_server.Url.Port));
        Assert.Equal(_server.Url.Port, e.Port);
        Assert.Equal($"127.0.0.1:{_server.Url.Port} is already in use (another Schema Registry, or `susy cluster` of another checkout?). " +
                     "Pick another port with --schema-registry-port, or 0 for any free one.", e.Message);
    }

    [Fact]
    public async Task Unreachable_registry_is_an_error_after_the_configured_retries()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "http://127.0.0.1:1", MaxRetries = 2, RetriesWaitMs = 1 });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetSchemaAsync(1));
    }

    [ConfluentPythonFact]
    public void Confluent_python_client_works_against_the_dev_registry_unchanged()
    {
        var answer = PythonAvro.RunConfluentClient(BaseUrl, new JsonObject
        {
            ["op"] = "session",
            ["subject"] = "py-value",
            ["schema"] = V1,
            ["evolved"] = V2,
            ["incompatible"] = Incompatible,
        });
        Assert.Equal(answer["id1"]!.GetValue<int>(), answer["id1_again"]!.GetValue<int>());
        Assert.True(answer["compatible"]!.GetValue<bool>());
        Assert.False(answer["incompatible"]!.GetValue<bool>());
        Assert.Equal("[409,409]", answer["incompatible_error"]!.ToJsonString());
        Assert.Equal(2, answer["latest"]!["version"]!.GetValue<int>());
        Assert.Equal(answer["id2"]!.GetValue<int>(), answer["latest"]!["id"]!.GetValue<int>());
        Assert.Equal("[1,2]", answer["versions"]!.ToJsonString());
        Assert.Equal("[\"py-value\"]", answer["subjects"]!.ToJsonString());
        Assert.Equal(AvroSchema.Parse(V1), AvroSchema.Parse(answer["schema_by_id"]!.GetValue<string>()));
        Assert.Equal(1, answer["lookup"]!["version"]!.GetValue<int>());
        Assert.Equal("FULL", answer["get_level"]!.GetValue<string>());
        Assert.Equal("BACKWARD", answer["global_level"]!.GetValue<string>());
        Assert.Equal("[404,40402]", answer["missing_version_error"]!.ToJsonString());
        Assert.Equal("[404,40403]", answer["missing_id_error"]!.ToJsonString());
        Assert.Equal("[1,2]", answer["deleted"]!.ToJsonString());
        Assert.Equal("[404,40401]", answer["deleted_subject_error"]!.ToJsonString());
    }

    [ConfluentPythonFact]
    public async Task A_confluent_client_knowing_only_the_registry_url_decodes_what_our_serializer_wrote()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = BaseUrl });
        var context = new SerializationContext(MessageComponentType.Value, "susy-events");
        var events = SampleEvents.Load(20);
        var serializer = new AvroSerializer<SusyEvent>(client);
        var messages = new List<byte[]>();
        foreach (var e in events)
            messages.Add(await serializer.SerializeAsync(e, context));
        var accuracy = new AccuracyReport
        {
            WindowStart = DateTimeOffset.UnixEpoch,
            WindowEnd = DateTimeOffset.UnixEpoch.AddMinutes(1),
            ModelVersion = null,
            Count = 10,
            Correct = 8,
            Accuracy = 0.8,
            LogLoss = 0.41,
            Auc = 0.9,
            Positives = 4,
        };
        messages.Add(await new AvroSerializer<AccuracyReport>(client).SerializeAsync(accuracy, new SerializationContext(MessageComponentType.Value, "accuracy")));

        var answer = PythonAvro.RunConfluentClient(BaseUrl, new JsonObject
        {
            ["op"] = "decode",
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode?)Convert.ToHexStringLower(m)).ToArray()),
        })["values"]!.AsArray();
        for (var i = 0; i < events.Count; i++)
            Assert.Equal(InteropJson.Normalize(InteropJson.From(SusyEvent.AvroRecordSchema, events[i].ToGenericRecord())), InteropJson.Normalize(answer[i]!["value"]));
        Assert.Equal(InteropJson.Normalize(InteropJson.From(AccuracyReport.AvroRecordSchema, accuracy.ToGenericRecord())), InteropJson.Normalize(answer[^1]!["value"]));
    }
}
