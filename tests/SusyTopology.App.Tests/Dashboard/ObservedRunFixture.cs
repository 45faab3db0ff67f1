using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.App.Configuration;
using SusyTopology.App.Dashboard;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;

namespace SusyTopology.App.Tests.Dashboard;

/// <summary>
/// One short embedded run watched the way a user would: the metrics endpoint and the dashboard started before the
/// app, 3,000 rows of the real sample plus one undecodable record loaded, the topology run until drained. The
/// endpoint, the dashboard and the counters stay up for the tests to read. Prequential scoring is on, so the page has
/// its learning curve too.
/// </summary>
public sealed class ObservedRunFixture : IAsyncLifetime
{
    public const int Rows = 3_000;

    private EmbeddedAppStack? _stack;
    private ISchemaRegistryClient? _registry;

    public EmbeddedAppStack Stack => _stack ?? throw new InvalidOperationException("not started");
    public IConfiguration Configuration { get; } = EndToEnd.EmbeddedConfiguration.With(new Dictionary<string, string?>
    {
        ["Streams:StateDir"] = Directory.CreateTempSubdirectory("susy-dashboard-").FullName,
        ["Streams:NumStreamThreads"] = "1",
        ["Topology:Prequential"] = "true",
    });
    public SusyTopologyOptions Options => AppTopology.Options(Configuration);
    public ISchemaRegistryClient Registry => _registry ?? throw new InvalidOperationException("not started");
    public TopologyCounters Counters { get; } = new($"{TopologyCounters.MeterName}.{Guid.NewGuid():N}");
    public MetricsEndpoint Metrics { get; private set; } = null!;
    public LiveDashboard Dashboard { get; private set; } = null!;
    public LoadResult Loaded { get; private set; } = null!;
    public TopologyRunner.Outcome Outcome { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _stack = await EmbeddedAppStack.StartAsync(Configuration);
        _registry = Stack.Kafka.CreateRegistryClient();
        Metrics = await MetricsEndpoint.StartAsync(new MetricsSettings { Port = 0 }, Counters.InstanceMeterName);
        Dashboard = await LiveDashboard.StartAsync(Stack.Kafka, Options,
            new DashboardOptions { Port = 0, MetricsUrl = Metrics.Url, MetricsInterval = TimeSpan.FromMilliseconds(250) }, NullLoggerFactory.Instance);

        using (var producer = EventLoader.CreateProducer(Stack.Kafka, Registry, "dashboard-load"))
            Loaded = new EventLoader(producer, TimeProvider.System).Run(new LoadOptions { CsvPath = BundledSample.Path, Rows = Rows }, null, CancellationToken.None);
        using (var raw = new ProducerBuilder<byte[], byte[]>(Stack.Kafka.Producer("dashboard-garbage")).Build())
        {
            raw.Produce(Options.EventsTopic, new Message<byte[], byte[]> { Key = [1, 2, 3], Value = [0xde, 0xad] }, null);
            // Disposing a producer does not deliver what it still holds.
            if (raw.Flush(TimeSpan.FromSeconds(30)) != 0) throw new InvalidOperationException("the undecodable record was not delivered");
        }

        using var app = SusyStreams.Create(Configuration, Stack.Kafka, Registry, Counters, StreamsSettings.Guarantee(Configuration), NullLoggerFactory.Instance);
        Outcome = new TopologyRunner(app, Counters, NullLogger.Instance).Run(TimeSpan.FromSeconds(3), null,
            new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
    }

    public async Task DisposeAsync()
    {
        await Dashboard.DisposeAsync();
        await Metrics.DisposeAsync();
        Counters.Dispose();
        _registry?.Dispose();
        if (_stack != null) await _stack.DisposeAsync();
    }
}
