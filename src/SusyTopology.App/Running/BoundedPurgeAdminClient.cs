using System.Reflection;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace SusyTopology.App.Running;

/// <summary>
/// Streamiz's admin client with its purges bounded in time. After each commit Streamiz purges the consumed records of
/// repartition topics (DeleteRecords, sent without a timeout), and a stream thread's close waits for the last purge
/// to finish. After broker outages on the embedded cluster that purge never completed (the app sat in
/// PENDING_SHUTDOWN for over 70 s, its stream thread in <c>TaskManager.Close</c>, also with a 10 s
/// <c>socket.timeout.ms</c>). A purge is best effort — Streamiz logs a failed one and sends the next after its next
/// commit — so one that takes longer than <see cref="PurgeTimeout"/> is reported as failed instead of waited for.
/// Every other call goes to the real client unchanged.
/// </summary>
public class BoundedPurgeAdminClient : DispatchProxy
{
    public static readonly TimeSpan PurgeTimeout = TimeSpan.FromSeconds(10);

    private IAdminClient _inner = null!;
    private TimeSpan _timeout;

    public static IAdminClient Wrap(IAdminClient inner, TimeSpan? timeout = null)
    {
        var proxy = Create<IAdminClient, BoundedPurgeAdminClient>();
        var bounded = (BoundedPurgeAdminClient)(object)proxy;
        bounded._inner = inner;
        bounded._timeout = timeout ?? PurgeTimeout;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        object? result;
        try
        {
            result = method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        return method.Name == nameof(IAdminClient.DeleteRecordsAsync) && result is Task<List<DeleteRecordsResult>> purge
            ? purge.WaitAsync(_timeout)
            : result;
    }
}
