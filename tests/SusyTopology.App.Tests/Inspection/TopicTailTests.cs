using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SusyTopology.App.Inspection;
using SusyTopology.Events;

namespace SusyTopology.App.Tests.Inspection;

/// <summary>`susy tail` against a real broker protocol (embedded cluster) and a Schema Registry over HTTP.</summary>
public sealed class TopicTailTests(InspectionCluster cluster) : IClassFixture<InspectionCluster>
{
    private static readonly DateTimeOffset ScoredAt = DateTimeOffset.FromUnixTimeMilliseconds(1_763_000_000_000);

    private static Prediction NewPrediction(long id, int? label) => new()
    {
        EventId = id,
        Probability = id / 10.0,
        PredictedLabel = id >= 5 ? 1 : 0,
        Label = label,
        ModelVersion = 2,
        ScoredAt = ScoredAt,
    };

    /// <summary>Six predictions over two partitions, event ids 1–6; event 3 is unlabeled. Idempotent per fixture.</summary>
    private void SeedPredictions() => cluster.SeedOnce(InspectionCluster.Predictions, () =>
    {
        cluster.Produce(InspectionCluster.Predictions, Serializers.Int64,
            Enumerable.Range(1, 6).Select(i => new Message<long, Prediction> { Key = i, Value = NewPrediction(i, i == 3 ? null : i % 2) }));
        return true;
    });

    private (TailResult Result, string[] Lines) Tail(TailSettings settings, CancellationToken ct = default)
    {
        var output = new StringWriter();
        var result = new TopicTail(cluster.Settings.Consumer("susy-tail-test", "susy-tail-test"), cluster.Registry).Run(settings, output, ct);
        return (result, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void From_beginning_prints_every_record_as_avro_json_then_stops_when_caught_up()
    {
        SeedPredictions();
        var (result, lines) = Tail(new TailSettings { Topic = InspectionCluster.Predictions, FromBeginning = true });

        Assert.Equal(new TailResult(6, TailStop.CaughtUp), result);
        var byId = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("event_id").GetInt64());
        Assert.Equal([1L, 2, 3, 4, 5, 6], byId.Keys.Order());
        Assert.Equal(
            """{"event_id":4,"probability":0.4,"predicted_label":0,"label":{"int":0},"model_version":2,"scored_at":1763000000000}""",
            byId[4].GetRawText());
        Assert.Equal(JsonValueKind.Null, byId[3].GetProperty("label").ValueKind);
        Assert.Equal(1, byId[5].GetProperty("label").GetProperty("int").GetInt32());
    }

    [Fact]
    public void Print_key_prefixes_the_big_endian_event_id_and_a_tab()
    {
        SeedPredictions();
        var (_, lines) = Tail(new TailSettings { Topic = InspectionCluster.Predictions, FromBeginning = true, Format = new TailFormat { PrintKey = true } });

        Assert.Equal(6, lines.Length);
        foreach (var line in lines)
        {
            var parts = line.Split('\t');
            Assert.Equal(2, parts.Length);
            Assert.Equal(long.Parse(parts[0]), JsonDocument.Parse(parts[1]).RootElement.GetProperty("event_id").GetInt64());
        }
    }

    [Fact]
    public void Max_stops_after_that_many_records()
    {
        SeedPredictions();
        var (result, lines) = Tail(new TailSettings { Topic = InspectionCluster.Predictions, FromBeginning = true, Max = 2 });
        Assert.Equal(new TailResult(2, TailStop.MaxReached), result);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void Dead_letter_records_that_are_not_avro_print_as_base64_with_their_headers()
    {
        var garbage = new byte[] { 0x7f, 1, 2, 3, 4, 5 };
        var headers = new Headers
        {
            { "dlq.exception", Encoding.UTF8.GetBytes("InvalidWireFormatException") },
            { "dlq.binary", [0xff, 0xfe] },
        };
        var key = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(key, 77);
        cluster.ProduceRaw(InspectionCluster.DeadLetter, key, garbage, headers);
        cluster.Produce(InspectionCluster.DeadLetter, Serializers.Int64,
            [new Message<long, Prediction> { Key = 78, Value = NewPrediction(78, 1), Headers = new Headers { { "dlq.message", Encoding.UTF8.GetBytes("no model") } } }]);

        var (_, plain) = Tail(new TailSettings { Topic = InspectionCluster.DeadLetter, FromBeginning = true });
        Assert.Equal(2, plain.Length);
        var raw = JsonDocument.Parse(plain[0]).RootElement;
        Assert.Equal(Convert.ToBase64String(garbage), raw.GetProperty("value_base64").GetString());
        Assert.Contains("magic byte", raw.GetProperty("error").GetString());
        Assert.Equal("InvalidWireFormatException", raw.GetProperty("headers").GetProperty("dlq.exception").GetString());
        Assert.Equal(Convert.ToBase64String([0xff, 0xfe]), raw.GetProperty("headers").GetProperty("dlq.binary").GetString());
        Assert.Equal(78, JsonDocument.Parse(plain[1]).RootElement.GetProperty("event_id").GetInt64());

        var (_, withMetadata) = Tail(new TailSettings { Topic = InspectionCluster.DeadLetter, FromBeginning = true, Format = new TailFormat { PrintMetadata = true } });
        var first = JsonDocument.Parse(withMetadata[0]).RootElement;
        Assert.Equal(77, first.GetProperty("key").GetInt64());
        Assert.Equal(0, first.GetProperty("offset").GetInt64());
        Assert.False(first.TryGetProperty("value", out _));
        var second = JsonDocument.Parse(withMetadata[1]).RootElement;
        Assert.Equal(78, second.GetProperty("key").GetInt64());
        Assert.Equal("no model", second.GetProperty("headers").GetProperty("dlq.message").GetString());
        Assert.True(second.GetProperty("schema_id").GetInt32() > 0);
        Assert.Equal(78, second.GetProperty("value").GetProperty("event_id").GetInt64());
    }

    [Fact]
    public async Task Without_from_beginning_only_new_records_are_printed()
    {
        cluster.Produce(InspectionCluster.Live, Serializers.Int64, [new Message<long, Prediction> { Key = 1, Value = NewPrediction(1, 0) }]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var tail = Task.Run(() => Tail(new TailSettings { Topic = InspectionCluster.Live, Max = 1 }, timeout.Token));
        // The tail starts at the end at some point we cannot observe: keep producing until it has printed one.
        for (var id = 1000L; !tail.IsCompleted && !timeout.IsCancellationRequested; id++)
        {
            cluster.Produce(InspectionCluster.Live, Serializers.Int64, [new Message<long, Prediction> { Key = id, Value = NewPrediction(id, 1) }]);
            await Task.WhenAny(tail, Task.Delay(200));
        }
        var (result, lines) = await tail;
        Assert.Equal(new TailResult(1, TailStop.MaxReached), result);
        Assert.True(JsonDocument.Parse(lines.Single()).RootElement.GetProperty("event_id").GetInt64() >= 1000);
    }

    [Fact]
    public void A_live_tail_stops_after_the_idle_timeout_and_an_unknown_topic_is_an_error()
    {
        var (result, lines) = Tail(new TailSettings { Topic = InspectionCluster.Quiet, Timeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(new TailResult(0, TailStop.TimedOut), result);
        Assert.Empty(lines);

        var error = Assert.Throws<InvalidOperationException>(() => Tail(new TailSettings { Topic = "no-such-topic", FromBeginning = true }));
        Assert.Contains("no-such-topic", error.Message);
    }
}
