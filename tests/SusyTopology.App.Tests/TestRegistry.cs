using Confluent.SchemaRegistry;
using SusyTopology.Avro.DevRegistry;

namespace SusyTopology.App.Tests;

/// <summary>
/// One development Schema Registry (port 0) for the whole test run, reached through Confluent's own client as the app
/// reaches any registry. Sharing it is harmless: every test registers the same schemas under the same subjects.
/// </summary>
internal static class TestRegistry
{
    private static readonly Lazy<DevSchemaRegistryServer> Server = new(() => DevSchemaRegistryServer.StartAsync(port: 0).GetAwaiter().GetResult());

    public static string Url => Server.Value.Url.GetLeftPart(UriPartial.Authority);

    public static ISchemaRegistryClient NewClient() => new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Url });
}
