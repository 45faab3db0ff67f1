using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace SusyTopology.App.Topology;

/// <summary>
/// Headers naming the events-topic partition and offset an event came from, added by the validation step and carried
/// with it through the repartition topics to the learner and the predictions. They let the learner recognise an event
/// that at_least_once routes to it a second time (see <see cref="State.SourcePositions"/>), and let a reader of
/// <c>susy-predictions</c> trace a prediction to its event. Decimal text, like the dead-letter headers, so kcat shows them.
/// </summary>
public static class EventOrigin
{
    public const string PartitionHeader = "susy.event.partition";
    public const string OffsetHeader = "susy.event.offset";

    /// <summary>The record's headers with the origin set (replacing any origin it already carried).</summary>
    public static Headers With(Headers? existing, int partition, long offset)
    {
        var headers = new Headers();
        if (existing != null)
            foreach (var h in existing)
                if (h.Key != PartitionHeader && h.Key != OffsetHeader)
                    headers.Add(h.Key, h.GetValueBytes());
        headers.Add(PartitionHeader, Encoding.ASCII.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(OffsetHeader, Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
        return headers;
    }

    /// <summary>The origin the headers name; false when they name none (a record written without the validation step).</summary>
    public static bool TryRead(Headers? headers, out int partition, out long offset)
    {
        if (headers != null
            && headers.TryGetLastBytes(PartitionHeader, out var p) && Utf8Parser.TryParse(p, out partition, out var pLength) && pLength == p.Length
            && headers.TryGetLastBytes(OffsetHeader, out var o) && Utf8Parser.TryParse(o, out offset, out var oLength) && oLength == o.Length
            && partition >= 0 && offset >= 0)
            return true;
        (partition, offset) = (-1, -1);
        return false;
    }
}
