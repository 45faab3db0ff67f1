using System.Diagnostics.Metrics;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// The runtime's instruments on the <c>SusyTopology.Streams</c> meter (read them with a MeterListener,
/// dotnet-counters or OpenTelemetry): records processed (its rate is the process rate), commit latency, records
/// sent and failed, restored records, and the consumer lag of every assigned input partition.
/// </summary>
public sealed class StreamsMetrics : IDisposable
{
    public const string MeterName = "SusyTopology.Streams";

    private readonly Meter _meter;
    private readonly Counter<long> _processed;
    private readonly Histogram<double> _commitLatency;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _sendErrors;
    private readonly Counter<long> _restored;
    private readonly KeyValuePair<string, object?> _client;
    private readonly Func<IEnumerable<(string Topic, int Partition, long Lag)>> _lag;

    public StreamsMetrics(string applicationId, string clientId, Func<IEnumerable<(string Topic, int Partition, long Lag)>> lag)
    {
        _lag = lag;
        _client = new("client.id", clientId);
        _meter = new Meter(MeterName, null, [new("application.id", applicationId)]);
        _processed = _meter.CreateCounter<long>("streams.process.records", "{record}", "Records processed by stream tasks");
        _commitLatency = _meter.CreateHistogram<double>("streams.commit.latency", "ms", "Duration of one commit of a stream thread");
        _commits = _meter.CreateCounter<long>("streams.commit.count", "{commit}", "Commits of stream threads");
        _sendErrors = _meter.CreateCounter<long>("streams.send.errors", "{record}", "Records the producer failed to deliver");
        _restored = _meter.CreateCounter<long>("streams.restore.records", "{record}", "Changelog records restored into stores");
        _meter.CreateObservableGauge("streams.consumer.lag", ObserveLag, "{record}",
            "Records between the consumed position and the end of each assigned input partition");
    }

    public void RecordProcessed(long count) => _processed.Add(count, _client);

    public void RecordCommit(TimeSpan duration)
    {
        _commits.Add(1, _client);
        _commitLatency.Record(duration.TotalMilliseconds, _client);
    }

    public void RecordSendError() => _sendErrors.Add(1, _client);

    public void RecordRestored(long count) => _restored.Add(count, _client);

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var (topic, partition, lag) in _lag())
            yield return new Measurement<long>(lag, _client, new("topic", topic), new("partition", partition));
    }

    public void Dispose() => _meter.Dispose();
}
