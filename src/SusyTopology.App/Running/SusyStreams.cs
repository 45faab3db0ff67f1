using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Kafka.Topics;

namespace SusyTopology.App.Running;

/// <summary>The one way the app becomes a running Streamiz <see cref="KafkaStream"/>: `susy run`, the tests and the benchmark.</summary>
public static class SusyStreams
{
    public static StreamsApp Create(IConfiguration configuration, KafkaSettings kafka, ISchemaRegistryClient registry,
        TopologyCounters counters, ProcessingGuarantee guarantee, ILoggerFactory? loggers = null, ServedModel? pinned = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var options = AppTopology.Options(configuration);
        var lag = new EndOffsetLag(kafka, TimeProvider.System);
        var modelLogger = loggers.CreateLogger("susy.models");
        // A pinned model (`susy run --model`) is served for the whole run; otherwise the newest published one.
        var holder = pinned == null ? new ModelHolder(modelLogger, onRejected: counters.ModelRejected) : ModelHolder.Pinned(pinned, modelLogger);
        var topology = SusyTopologyFactory.Build(options, new SusySerdes(registry, kafka.SerializerConfig(), kafka.DeserializerConfig()), holder, counters, lag, TimeProvider.System, loggers);
        var config = StreamsSettings.Build(configuration, kafka, options.ApplicationId, guarantee, loggers);
        var failures = new FailureLog(loggers.CreateLogger("susy.streams"));
        config.InnerExceptionHandler = failures.Record;
        var deadLetters = new DeadLetteringDeserializationHandler(
            new ProducerBuilder<byte[], byte[]>(kafka.Producer($"{options.ApplicationId}-dead-letters")).Build(),
            options.DeadLetterTopic, counters, loggers.CreateLogger("susy.dead-letters"));
        config.DeserializationExceptionHandler = deadLetters.Handle;
        var internalTopics = AppTopology.InternalTopics(options, TopicCatalog.FromConfiguration(configuration).Partitions);
        var kafkaLogger = loggers.CreateLogger("susy.kafka");
        var supplier = new MendedKafkaSupplier(new SusyKafkaSupplier(config, AppTopology.OutputTopics(options, internalTopics), kafkaLogger), kafkaLogger);
        return new StreamsApp(new KafkaStream(topology, config, supplier), failures, lag, holder, deadLetters);
    }
}
