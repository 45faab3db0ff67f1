using System.Buffers.Binary;
using System.Collections.Concurrent;
using Avro.IO;
using Avro.Specific;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Schema = Avro.Schema;

namespace SusyTopology.Avro.Confluent;

/// <summary>
/// Confluent's <see cref="AvroDeserializer{T}"/> with its per-message schema work memoized per writer schema id. A
/// message of an id not seen yet goes through Confluent's deserializer (registry fetch, subject naming, rules); when
/// the id's schema carries no rules, the reader schema is not re-resolved per message (no use.latest.version) and
/// Apache.Avro's resolving reader for that writer schema yields the same value Confluent did, later messages of the
/// id are read by that reader directly, skipping the lookups and schema hashing Confluent repeats per message.
/// Anything else (an unknown id, a bad header) keeps going through Confluent's deserializer and its errors.
/// </summary>
public sealed class MemoizedAvroDeserializer<T> : IDeserializer<T> where T : class, ISpecificRecord, IEquatable<T>, new()
{
    private const int HeaderSize = 5;
    private readonly AvroDeserializer<T> _confluent;
    private readonly ISchemaRegistryClient _registry;
    private readonly bool _resolvesPerMessage;
    private readonly Schema _readerSchema = new T().Schema;
    private readonly ConcurrentDictionary<int, SpecificDatumReader<T>> _readerById = new();
    private long _memoized;

    public MemoizedAvroDeserializer(ISchemaRegistryClient registry, AvroDeserializerConfig? config = null)
    {
        _registry = registry;
        _confluent = new AvroDeserializer<T>(registry, config);
        _resolvesPerMessage = config?.UseLatestVersion == true || config?.UseLatestWithMetadata is { Count: > 0 };
    }

    /// <summary>Messages read by the memoized path (the rest went through Confluent's deserializer).</summary>
    public long MemoizedRecords => Interlocked.Read(ref _memoized);

    /// <summary>For Confluent's consumers, which hand out spans: the message is copied once.</summary>
    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        Deserialize(isNull ? ReadOnlyMemory<byte>.Empty : data.ToArray(), isNull, context);

    public T Deserialize(ReadOnlyMemory<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull) return null!;
        var span = data.Span;
        if (span.Length >= HeaderSize && span[0] == 0 && _readerById.TryGetValue(BinaryPrimitives.ReadInt32BigEndian(span[1..]), out var reader))
        {
            Interlocked.Increment(ref _memoized);
            return Read(reader, data);
        }
        var value = CallingThread.Run(() => _confluent.DeserializeAsync(data, isNull, context));
        if (value is not null && !_resolvesPerMessage)
            Learn(data, value);
        return value!;
    }

    private void Learn(ReadOnlyMemory<byte> data, T value)
    {
        var span = data.Span;
        if (span.Length < HeaderSize || span[0] != 0) return;
        var id = BinaryPrimitives.ReadInt32BigEndian(span[1..]);
        var registered = CallingThread.Run(() => _registry.GetSchemaAsync(id));
        if (registered.RuleSet is { } rules && (rules.DomainRules?.Count > 0 || rules.MigrationRules?.Count > 0 || rules.EncodingRules?.Count > 0))
            return;
        var reader = new SpecificDatumReader<T>(Schema.Parse(registered.SchemaString), _readerSchema);
        if (value.Equals(Read(reader, data)))
            _readerById.TryAdd(id, reader);
    }

    private static T Read(SpecificDatumReader<T> reader, ReadOnlyMemory<byte> data)
    {
        using var body = new ReadOnlyMemoryStream(data[HeaderSize..]);
        return reader.Read(null!, new BinaryDecoder(body));
    }

    /// <summary>A read-only stream over a message's body, without copying it.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int ReadByte() => _position < memory.Length ? memory.Span[_position++] : -1;
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
