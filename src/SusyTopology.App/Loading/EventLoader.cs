using System.Diagnostics;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Kafka.Clients;
using SusyTopology.Learning.Data;

namespace SusyTopology.App.Loading;

/// <summary>
/// Turns a UCI SUSY CSV into <see cref="SusyEvent"/>s on Kafka: a deterministic split per row, event ids in file order
/// (offset by the pass number with --loop), the event time = the moment of production (also the Kafka timestamp, so
/// event-time windows follow it). Rows with the wrong column count or unparsable numbers are reported by line and
/// skipped; delivery failures are fatal.
/// </summary>
public sealed class EventLoader(IProducer<long, SusyEvent> producer, TimeProvider time)
{
    /// <summary>An idempotent producer of events: big-endian int64 keys, Avro values through the registry.</summary>
    public static IProducer<long, SusyEvent> CreateProducer(KafkaSettings kafka, ISchemaRegistryClient registry, string clientId) =>
        new ProducerBuilder<long, SusyEvent>(kafka.Producer(clientId))
            .SetKeySerializer(Serializers.Int64)
            .SetValueSerializer(new MemoizedAvroSerializer<SusyEvent>(registry, kafka.SerializerConfig()))
            .Build();

    private const int MaxReportedBadRows = 20;

    public LoadResult Run(LoadOptions options, Action<long>? progress, CancellationToken ct)
    {
        var split = new SplitAssigner(options.TestFraction, options.Seed);
        var bad = new List<string>();
        long badCount = 0, produced = 0, train = 0, test = 0, pass = 0, fileRows = 0;
        Exception? deliveryError = null;
        var features = new float[SusyFeatures.Count];
        var clock = Stopwatch.StartNew();
        var limit = options.Rows ?? long.MaxValue;
        // One delivery handler for every message: no closure allocated per event.
        Action<DeliveryReport<long, SusyEvent>> onDelivery = report =>
        {
            if (report.Error.IsError) deliveryError ??= new KafkaException(report.Error);
        };

        ProducerMetadata.WarmUp(producer, [options.Topic], TimeSpan.FromSeconds(5)); // or the first events wait for librdkafka's 1 s scan
        while (produced < limit && !ct.IsCancellationRequested)
        {
            using var reader = SusyCsv.OpenText(options.CsvPath);
            long lineNumber = 0, rowsThisPass = 0;
            while (produced < limit && !ct.IsCancellationRequested && reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                int label;
                try
                {
                    label = SusyCsv.ParseLine(line, features, options.CsvPath, lineNumber);
                }
                catch (SusyCsvFormatException problem)
                {
                    if (pass == 0)
                    {
                        badCount++;
                        if (bad.Count < MaxReportedBadRows) bad.Add(problem.Message);
                    }
                    continue;
                }
                rowsThisPass++;
                var eventId = options.FirstEventId - 1 + pass * Math.Max(fileRows, lineNumber) + lineNumber;
                var isTest = split.IsTest(lineNumber);
                var now = time.GetUtcNow();
                var e = SusyEventFeatures.ToEvent(eventId, isTest ? Split.TEST : Split.TRAIN, label, features, now);
                Produce(new Message<long, SusyEvent> { Key = eventId, Value = e, Timestamp = new Timestamp(now) });
                produced++;
                if (isTest) test++; else train++;
                if ((produced & 1023) == 0) progress?.Invoke(produced);
                if (deliveryError != null) throw new InvalidOperationException("Kafka refused an event: " + deliveryError.Message, deliveryError);
                if (options.Rate > 0) Pace(produced, options.Rate, clock);
            }
            fileRows = Math.Max(fileRows, lineNumber);
            if (rowsThisPass == 0 || !options.Loop) break;
            pass++;
        }
        producer.Flush(TimeSpan.FromSeconds(60));
        if (deliveryError != null) throw new InvalidOperationException("Kafka refused an event: " + deliveryError.Message, deliveryError);
        progress?.Invoke(produced);
        return new LoadResult(produced, train, test, bad, badCount, clock.Elapsed);

        void Produce(Message<long, SusyEvent> message)
        {
            while (true)
            {
                try
                {
                    producer.Produce(options.Topic, message, onDelivery);
                    return;
                }
                catch (ProduceException<long, SusyEvent> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10)); // back-pressure: let deliveries drain
                }
            }
        }
    }

    private static void Pace(long produced, double rate, Stopwatch clock)
    {
        var due = TimeSpan.FromSeconds(produced / rate);
        var ahead = due - clock.Elapsed;
        if (ahead > TimeSpan.FromMilliseconds(2)) Thread.Sleep(ahead);
    }
}
