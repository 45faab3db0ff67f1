using Confluent.Kafka;

namespace SusyTopology.Streams.Runtime;

/// <summary>What to do when the producer reports that a record could not be written.</summary>
public enum ProductionExceptionHandlerResponse
{
    /// <summary>Drop the record and carry on (the failed record is lost; nothing else is).</summary>
    Continue,

    /// <summary>Fail the stream thread; the uncommitted work is re-processed after recovery.</summary>
    Fail,
}

/// <summary>Kafka Streams' <c>default.production.exception.handler</c>.</summary>
public interface IProductionExceptionHandler
{
    ProductionExceptionHandlerResponse Handle(DeliveryReport<byte[], byte[]> failedDelivery);
}

/// <summary>Kafka Streams' default: any failed delivery fails the thread.</summary>
public sealed class FailOnProductionError : IProductionExceptionHandler
{
    public static FailOnProductionError Instance { get; } = new();

    public ProductionExceptionHandlerResponse Handle(DeliveryReport<byte[], byte[]> failedDelivery) =>
        ProductionExceptionHandlerResponse.Fail;
}

/// <summary>
/// Skips records the broker rejects for their own sake (too large, invalid) and fails on everything else, since
/// dropping a record because the cluster was unavailable would silently lose data.
/// </summary>
public sealed class SkipRecordsTooLarge : IProductionExceptionHandler
{
    public ProductionExceptionHandlerResponse Handle(DeliveryReport<byte[], byte[]> failedDelivery) =>
        failedDelivery.Error.Code is ErrorCode.MsgSizeTooLarge
            or ErrorCode.InvalidMsg or ErrorCode.InvalidRecord
            ? ProductionExceptionHandlerResponse.Continue
            : ProductionExceptionHandlerResponse.Fail;
}
