using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>input → a counting transform over an in-memory, change-logged store → output.</summary>
internal static class CountingTopology
{
    public const string Input = "input";
    public const string Output = "output";
    public const string Store = "counts";

    public static string Changelog(string applicationId) => $"{applicationId}-{Store}-changelog";

    public static Topology Build()
    {
        var counts = Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(Store), new StringSerDes(), new Int64SerDes())
            .WithLoggingEnabled(new Dictionary<string, string>());
        var builder = new StreamBuilder();
        builder.Stream(Input, new StringSerDes(), new StringSerDes())
            .Transform(TransformerBuilder.New<string, string, string, string>().Transformer<CountingTransformer>().StateStore(counts).Build(), "count")
            .To(Output, new StringSerDes(), new StringSerDes());
        return builder.Build();
    }
}
