using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Kafka;
using SusyTopology.Kafka.Embedded.Faults;

namespace SusyTopology.App.Commands;

/// <summary>
/// `susy cluster`: the embedded development stack for machines without Docker — a Kafka cluster on librdkafka's mock
/// broker with every topic pre-created, and a development Schema Registry. Runs until Ctrl-C/SIGTERM and writes
/// <c>.susy/cluster.env</c> so that the other commands find it.
/// </summary>
internal sealed class ClusterCommand : ICliCommand
{
    public Command Build()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of mock brokers.", DefaultValueFactory = _ => 1 };
        var envFile = new Option<string>("--env-file")
        {
            Description = "Where to write KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL.",
            DefaultValueFactory = _ => ClusterEnvFile.DefaultPath(),
        };
        var registryPort = new Option<int?>("--schema-registry-port")
        {
            Description = $"Port of the development Schema Registry on 127.0.0.1 (0 picks a free one). Default {DefaultRegistryPort}, " +
                          "or a free port when another stack holds it (cluster.env says which).",
        };
        var faults = new Option<string?>("--faults")
        {
            Description = $"Inject faults once the first event reaches the events topic: '{FaultSchedule.StandardName}' (needs --brokers 3) or " +
                          "steps 'AT ACTION' separated by ';', e.g. '2s errors Produce NOT_LEADER_OR_FOLLOWER*2; 4s leader susy-events 2; " +
                          "6s broker-down 1 3s; 20s lift'. See the README's fault run.",
        };
        var command = new Command("cluster", "Run the embedded Kafka cluster (librdkafka mock broker) and a development Schema Registry until stopped.")
        {
            brokers, envFile, registryPort, faults,
        };
        command.SetAction(async (result, ct) =>
        {
            var configuration = SusyConfiguration.Build();
            FaultSchedule? schedule = null;
            if (result.GetValue(faults) is { } text)
            {
                try
                {
                    var topology = AppTopology.Options(configuration);
                    schedule = FaultSchedule.Parse(text, topology.EventsTopic, topology.ApplicationId);
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"susy cluster: --faults: {e.Message}");
                    return 2;
                }
            }
            using var logging = AppLogging.Create(configuration);
            return await RunAsync(configuration, result.GetValue(brokers), result.GetValue(envFile)!,
                result.GetValue(registryPort), schedule, logging.CreateLogger("susy.cluster"), ct);
        });
        return command;
    }

    private const int DefaultRegistryPort = 8081;

    /// <summary>Waits for the first event, then applies the schedule, printing each fault as it is injected.</summary>
    private static async Task InjectAsync(EmbeddedAppStack stack, FaultInjector injector, FaultSchedule schedule, IConfiguration configuration,
        CancellationToken ct)
    {
        var events = AppTopology.Options(configuration).EventsTopic;
        AnsiConsole.MarkupLineInterpolated($"[yellow]faults:[/] {schedule.Steps.Count} step(s), starting when the first event reaches {events}");
        try
        {
            await FirstRecord.WaitAsync(stack.Kafka.BootstrapServers, events, stack.Cluster.Topics[events], TimeProvider.System, ct);
            AnsiConsole.MarkupLineInterpolated($"[yellow]faults:[/] first event on {events} at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC: schedule started");
            var applied = await injector.RunAsync(
                f => AnsiConsole.MarkupLineInterpolated($"[yellow]fault[/] +{f.At.TotalSeconds,6:0.000} s  {f.What}"), ct);
            AnsiConsole.MarkupLineInterpolated($"[yellow]faults:[/] schedule done, {applied.Count} action(s) applied");
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]faults:[/] stopped before the schedule ended");
        }
    }

    private static async Task<int> RunAsync(IConfiguration configuration, int brokers, string envFile, int? registryPort,
        FaultSchedule? schedule, ILogger logger, CancellationToken ct)
    {
        using var shutdown = new ShutdownSignal(ct);
        EmbeddedAppStack stack;
        try
        {
            stack = await EmbeddedAppStack.StartAsync(configuration, brokers, registryPort ?? DefaultRegistryPort,
                anyPortIfTaken: registryPort is null, shutdown.Token);
        }
        catch (RegistryPortInUseException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]susy cluster: the Schema Registry cannot listen on {e.Message}[/]");
            return 1;
        }
        await using var _ = stack;
        FaultInjector? injector = null;
        try
        {
            if (schedule != null) injector = new FaultInjector(stack.Cluster, schedule, TimeProvider.System);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"susy cluster: --faults: {e.Message}");
            return 2;
        }
        if (registryPort is null && stack.Registry.Url.Port != DefaultRegistryPort)
            logger.LogWarning("Port {Port} is taken (another stack?); the development Schema Registry listens on {Url} instead",
                DefaultRegistryPort, stack.Kafka.SchemaRegistryUrl);

        var values = new Dictionary<string, string>
        {
            [ClusterEnvFile.BootstrapKey] = stack.Kafka.BootstrapServers,
            [ClusterEnvFile.SchemaRegistryKey] = stack.Kafka.SchemaRegistryUrl,
            // The mock broker accepts transactions without their semantics: the embedded profile runs at-least-once.
            [SusyConfiguration.ProfileVariable] = SusyConfiguration.EmbeddedProfile,
        };
        ClusterEnvFile.Write(envFile, values);

        var table = new Table().Title("[bold]embedded cluster[/]").AddColumn("topic").AddColumn("partitions");
        foreach (var (name, partitions) in stack.Topics.Partitions) table.AddRow(name, partitions.ToString());
        AnsiConsole.Write(table);
        logger.LogInformation("Kafka (mock, {Brokers} broker(s)) listening on {Bootstrap}; Schema Registry on {Registry}; wrote {EnvFile}",
            brokers, stack.Kafka.BootstrapServers, stack.Kafka.SchemaRegistryUrl, Path.GetFullPath(envFile));
        logger.LogInformation("Limits: in memory, ~5 MiB kept per partition, unknown topics auto-created with 4 partitions, transactions without semantics. Ctrl-C stops.");

        var faulting = injector == null ? Task.CompletedTask : InjectAsync(stack, injector, schedule!, configuration, shutdown.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await faulting;
        logger.LogInformation("Stopping the embedded cluster");
        File.Delete(envFile);
        return 0;
    }
}

