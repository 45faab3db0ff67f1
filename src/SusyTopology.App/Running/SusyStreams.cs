using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.App.Running;

/// <summary>The one way the app becomes a running <see cref="KafkaStreams"/> client: `susy run`, the tests and the benchmark.</summary>
public static class SusyStreams
{
    public static KafkaStreams Create(IConfiguration configuration, KafkaSettings kafka, ISchemaRegistryClient registry,
        TopologyCounters counters, ProcessingGuarantee guarantee, ILoggerFactory? loggers = null, IInternalTopicManager? topicManager = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var options = AppTopology.Options(configuration);
        var topology = SusyTopologyFactory.Build(options, new SusySerdes(registry), new ModelHolder(), counters, TimeProvider.System, loggers);
        var config = StreamsSettings.Build(configuration, kafka, options.ApplicationId, guarantee,
            new DeadLetterQueueExceptionHandler(options.DeadLetterTopic, loggers.CreateLogger("susy.dead-letter")));
        return new KafkaStreams(topology, config, new KafkaStreamsOptions { LoggerFactory = loggers, TopicManager = topicManager });
    }
}
