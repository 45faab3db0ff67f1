using System.Globalization;

namespace SusyTopology.Dashboard.Metrics;

/// <summary>
/// Reads the app's Prometheus endpoint every <see cref="DashboardOptions.MetricsInterval"/>: events/s from
/// <c>susy_events_total</c> and each input partition's <c>susy_consumer_lag</c>. An endpoint that does not answer
/// (the app not started yet, or stopped) is shown as such and tried again.
/// </summary>
public sealed class MetricsPoller(Uri url, HttpClient http, DashboardState state, TimeProvider time)
{
    private readonly RateMeter _events = new();

    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        do state.Metrics(await ReadAsync(ct).ConfigureAwait(false));
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    public async Task<MetricsReading> ReadAsync(CancellationToken ct)
    {
        string text;
        try
        {
            text = await http.GetStringAsync(url, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return MetricsReading.None(url.ToString(), e.Message);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            return MetricsReading.None(url.ToString(), $"no answer: {e.Message}");
        }
        IReadOnlyList<PrometheusSample> samples;
        try
        {
            samples = PrometheusText.Parse(text);
        }
        catch (FormatException e)
        {
            return MetricsReading.None(url.ToString(), e.Message);
        }
        var events = samples.Where(s => s.Name == AppMetricNames.Events).Select(s => s.Value).DefaultIfEmpty(0).Sum();
        var lag = new List<PartitionLag>();
        foreach (var s in samples.Where(s => s.Name == AppMetricNames.ConsumerLag))
            if (s.Label("topic") is { } topic && int.TryParse(s.Label("partition"), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
                lag.Add(new PartitionLag(topic, partition, (long)s.Value));
        var sorted = lag.OrderBy(l => l.Topic, StringComparer.Ordinal).ThenBy(l => l.Partition).ToList();
        return new MetricsReading(url.ToString(), true, null, _events.Next(events, time.GetTimestamp(), time), sorted);
    }
}
