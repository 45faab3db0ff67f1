using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using SusyTopology.App.Configuration;

namespace SusyTopology.App.Tests.Configuration;

/// <summary>Confluent's registry and serde settings reach Confluent's config objects as the user wrote them.</summary>
public sealed class KafkaSettingsTests
{
    private static KafkaSettings From(params (string Key, string Value)[] values) =>
        KafkaSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SusyConfiguration.BootstrapServersKey] = "127.0.0.1:9092",
                [SusyConfiguration.SchemaRegistryUrlKey] = "https://registry.example:8081",
            }.Concat(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))))
            .Build());

    [Fact]
    public void Registry_url_basic_auth_and_tls_pass_through_to_confluents_client_config()
    {
        var config = From(
            ("SchemaRegistry:Client:schema.registry.basic.auth.credentials.source", "USER_INFO"),
            ("SchemaRegistry:Client:schema.registry.basic.auth.user.info", "user:secret"),
            ("SchemaRegistry:Client:schema.registry.ssl.ca.location", "/etc/ssl/registry-ca.pem"),
            ("SchemaRegistry:Client:schema.registry.request.timeout.ms", "2500")).RegistryClientConfig();

        Assert.Equal("https://registry.example:8081", config.Url);
        Assert.Equal(AuthCredentialsSource.UserInfo, config.BasicAuthCredentialsSource);
        Assert.Equal("user:secret", config.BasicAuthUserInfo);
        Assert.Equal("/etc/ssl/registry-ca.pem", config.SslCaLocation);
        Assert.Equal(2500, config.RequestTimeoutMs);
    }

    [Fact]
    public void Serializers_auto_register_unless_told_to_use_the_latest_version()
    {
        Assert.True(From().SerializerConfig().AutoRegisterSchemas);

        var latest = From(
            ("SchemaRegistry:Serializer:avro.serializer.use.latest.version", "true"),
            ("SchemaRegistry:Serializer:avro.serializer.auto.register.schemas", "false"),
            ("SchemaRegistry:Serializer:avro.serializer.subject.name.strategy", "TopicRecord")).SerializerConfig();
        Assert.True(latest.UseLatestVersion);
        Assert.False(latest.AutoRegisterSchemas);
        Assert.Equal(SubjectNameStrategy.TopicRecord, latest.SubjectNameStrategy);

        var deserializer = From(("SchemaRegistry:Deserializer:avro.deserializer.use.latest.version", "true")).DeserializerConfig();
        Assert.True(deserializer.UseLatestVersion);
    }
}
