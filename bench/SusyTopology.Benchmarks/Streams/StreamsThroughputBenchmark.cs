using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using SusyTopology.Kafka.Embedded;
using SusyTopology.Streams;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Benchmarks.Streams;

/// <summary>The outcome of one scenario: input records per second end to end, and (if measured) latency percentiles.</summary>
public sealed record StreamsRunResult(double RecordsPerSecond, double P99Milliseconds);

/// <summary>
/// One embedded cluster for all scenarios. A scenario starts the application, then produces the records from a
/// second thread while it runs; throughput is records divided by the time from the first produce to the moment the
/// application has processed them all (counted through the runtime's own metric). With latency measured, a
/// read_committed consumer reads the output and records now − record timestamp for every record.
/// </summary>
public sealed class StreamsThroughputBenchmark(int records) : IDisposable
{
    private const int Partitions = 64;
    private const int ValueBytes = 184;
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 1 });
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "streams-bench-" + Guid.NewGuid().ToString("N"));

    /// <param name="paceRecordsPerSecond">Produce at this rate instead of flat out (latency below saturation).</param>
    public StreamsRunResult Run(string scenario, Func<string, string, Topology> topology, ProcessingGuarantee guarantee, bool measureLatency,
        int? paceRecordsPerSecond = null)
    {
        var input = $"bench-{scenario}-in";
        var output = $"bench-{scenario}-out";
        var applicationId = $"bench-{scenario}";
        _cluster.CreateTopic(input, Partitions);
        _cluster.CreateTopic(output, Partitions);

        long processed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StreamsMetrics.MeterName && instrument.Name == "streams.process.records"
                && instrument.Meter.Tags?.Any(t => t.Key == "application.id" && (string?)t.Value == applicationId) == true)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref processed, value));
        listener.Start();

        using var streams = new KafkaStreams(topology(input, output), new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = _cluster.BootstrapServers,
            ProcessingGuarantee = guarantee,
            StateDir = Path.Combine(_stateDir, scenario),
            // A short fetch wait: the mock broker holds an under-filled fetch for the whole wait, which is pure latency.
            Consumer = new ConsumerConfig { SessionTimeoutMs = 6000, HeartbeatIntervalMs = 500, FetchWaitMaxMs = 10 },
        }, new KafkaStreamsOptions { TopicManager = new EmbeddedClusterTopicManager(_cluster) });
        streams.Start();
        WaitUntil(() => streams.State == KafkaStreamsState.Running, TimeSpan.FromSeconds(60), "the application to run");

        var latencies = measureLatency ? new long[records] : null;
        var latencyReader = measureLatency ? new Thread(() => ReadLatencies(output, latencies!)) { IsBackground = true } : null;
        latencyReader?.Start();
        var watch = Stopwatch.StartNew();
        var producer = new Thread(() => Produce(input, paceRecordsPerSecond)) { IsBackground = true, Name = "bench-producer" };
        producer.Start();
        WaitUntil(() => Interlocked.Read(ref processed) >= records || streams.State == KafkaStreamsState.Error,
            TimeSpan.FromMinutes(5), $"{records} records processed");
        var elapsed = watch.Elapsed;
        if (streams.State == KafkaStreamsState.Error)
            throw new InvalidOperationException($"The {scenario} application failed", streams.Failure);
        producer.Join();
        latencyReader?.Join(TimeSpan.FromMinutes(2));
        streams.Close(TimeSpan.FromSeconds(60));

        var rate = records / elapsed.TotalSeconds;
        var p99 = latencies is null ? double.NaN : Percentile(latencies, 0.99);
        Console.WriteLine($"[bench] {scenario}{(paceRecordsPerSecond is { } r ? $" (paced at {r:N0}/s)" : "")}: {records:N0} records in {elapsed.TotalSeconds:F2} s = {rate:N0} records/s" +
                          (latencies is null ? "" : $", p50 {Percentile(latencies, 0.5):F1} ms, p99 {p99:F1} ms"));
        return new StreamsRunResult(rate, p99);
    }

    public StreamsRunResult RunAndDispose(string scenario, Func<string, string, Topology> topology, ProcessingGuarantee guarantee)
    {
        using (this) return Run(scenario, topology, guarantee, measureLatency: false);
    }

    private void Produce(string topic, int? paceRecordsPerSecond)
    {
        var pace = Stopwatch.StartNew();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            LingerMs = 5,
            BatchSize = 1_000_000,
            QueueBufferingMaxMessages = 500_000,
            EnableIdempotence = false,
            Acks = Acks.Leader,
        }).Build();
        var value = new byte[ValueBytes];
        Random.Shared.NextBytes(value);
        for (var i = 0; i < records; i++)
        {
            // Paced: stay on schedule in 10 ms slices, so records enter at a steady rate.
            if (paceRecordsPerSecond is { } rate && i % (rate / 100) == 0)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (due > pace.Elapsed) Thread.Sleep(due - pace.Elapsed);
            }
            var message = new Message<byte[], byte[]> { Key = BitConverter.GetBytes(i % 10_000 * 2_654_435_761L), Value = value };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(5));
                }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(2));
    }

    private void ReadLatencies(string topic, long[] latencies)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "bench-latency-" + topic,
            IsolationLevel = IsolationLevel.ReadCommitted,
            FetchWaitMaxMs = 10,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var seen = 0;
        var deadline = Stopwatch.StartNew();
        while (seen < latencies.Length && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message is null) continue;
            latencies[seen++] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - record.Message.Timestamp.UnixTimestampMs;
        }
    }

    private static double Percentile(long[] values, double quantile)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        _cluster.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
