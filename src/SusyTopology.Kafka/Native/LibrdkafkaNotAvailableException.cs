namespace SusyTopology.Kafka.Native;

/// <summary>librdkafka (the native Kafka client under Confluent.Kafka) is missing or too old.</summary>
public sealed class LibrdkafkaNotAvailableException(string message, Exception? inner = null)
    : Exception(message, inner);
