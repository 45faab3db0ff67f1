using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SusyTopology.App.Configuration;
using SusyTopology.App.Serdes;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;
using SusyTopology.Dashboard.Observations;
using SusyTopology.Events;

namespace SusyTopology.App.Dashboard;

/// <summary>
/// Feeds the dashboard from the app's output topics (predictions, prequential predictions, models, dead letters):
/// every partition assigned from the beginning, without joining a group (like `susy tail`: no rebalance of anyone,
/// nothing committed), read_committed, and values decoded by the topology's own serdes (<see cref="SusySerdes"/>),
/// so the dashboard reads exactly what the app wrote, in one place. Used from one thread (its <see cref="RunAsync"/>).
/// </summary>
public sealed class OutputTopicFeed(KafkaSettings kafka, SusyTopologyOptions options, DashboardState state, ILogger logger)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // Where to go on after a failure, so a retry does not count what was already read.
    private readonly Dictionary<TopicPartition, Offset> _next = new();

    /// <summary>Reads until <paramref name="ct"/> is cancelled; a failure is logged, shown on the page and retried.</summary>
    public Task RunAsync(CancellationToken ct) => Task.Factory.StartNew(() =>
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                ReadUntilCancelled(ct);
            }
            catch (Exception e) when (e is KafkaException or InvalidOperationException or HttpRequestException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Reading the app's topics failed; retrying in 2 s");
                state.FeedFailed(e.Message);
                ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(2));
            }
        }
    }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ReadUntilCancelled(CancellationToken ct)
    {
        using var registry = kafka.CreateRegistryClient();
        var serdes = new SusySerdes(registry, kafka.SerializerConfig(), kafka.DeserializerConfig());
        var config = kafka.Consumer("susy-dashboard", "susy-dashboard"); // a group id the client requires; never joined
        config.EnablePartitionEof = false;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetKeyDeserializer(Deserializers.ByteArray).SetValueDeserializer(Deserializers.ByteArray).Build();
        string[] topics = [options.PredictionsTopic, options.PrequentialTopic, options.ModelsTopic, options.DeadLetterTopic];
        consumer.Assign(Partitions(consumer, topics).Select(tp => new TopicPartitionOffset(tp, _next.GetValueOrDefault(tp, Offset.Beginning))));
        state.FeedFailed(null);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = consumer.Consume(PollInterval);
                if (result?.Message == null || result.IsPartitionEOF) continue;
                Observe(result, serdes);
                _next[result.TopicPartition] = result.Offset + 1;
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Observe(ConsumeResult<byte[]?, byte[]?> result, SusySerdes serdes)
    {
        var topic = result.Topic;
        var message = result.Message;
        var timestamp = message.Timestamp.UnixTimestampMs;
        if (topic == options.DeadLetterTopic)
        {
            state.DeadLetter(DeadLetter(message.Headers, timestamp));
            return;
        }
        if (message.Value == null) return; // a tombstone says nothing to the dashboard
        var context = new SerializationContext(MessageComponentType.Value, topic, message.Headers);
        try
        {
            if (topic == options.ModelsTopic)
            {
                var model = serdes.Model.Deserialize(message.Value, context);
                state.Model(new ObservedModel(model.Version, model.TrainedRecords, model.CreatedAt.ToUnixTimeMilliseconds()));
                return;
            }
            var prediction = serdes.Prediction.Deserialize(message.Value, context);
            var observed = new ObservedPrediction(timestamp, prediction.ModelVersion, prediction.Label, prediction.Probability);
            if (topic == options.PrequentialTopic) state.PrequentialPrediction(observed);
            else state.Prediction(observed);
        }
        catch (Exception e) when (UndecodableRecord.IsRecordsFault(e))
        {
            // The app writes these topics, so this is a bug or a foreign producer: say where, keep reading.
            logger.LogWarning(e, "Undecodable record at {Topic}/{Partition}@{Offset}", topic, result.Partition.Value, result.Offset.Value);
            state.FeedFailed($"undecodable record at {topic}/{result.Partition.Value}@{result.Offset.Value}: {e.Message}");
        }
    }

    internal static ObservedDeadLetter DeadLetter(Headers? headers, long timestamp)
    {
        string? Header(string name) => headers != null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        return new ObservedDeadLetter(timestamp,
            Header(DeadLetterHeaders.ExceptionHeader) ?? "(no kind header)",
            Header(DeadLetterHeaders.MessageHeader) ?? "(no reason header)",
            Header(DeadLetterHeaders.TopicHeader),
            int.TryParse(Header(DeadLetterHeaders.PartitionHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null,
            long.TryParse(Header(DeadLetterHeaders.OffsetHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : null);
    }

    private static List<TopicPartition> Partitions(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyCollection<string> topics)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        // Metadata for all topics: asking for one by name would auto-create it on brokers that allow that.
        var metadata = admin.GetMetadata(MetadataTimeout).Topics.Where(t => topics.Contains(t.Topic)).ToList();
        var missing = topics.Except(metadata.Select(t => t.Topic)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"Topic(s) {string.Join(", ", missing)} do not exist yet (has the app run?).");
        return metadata.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
    }
}
