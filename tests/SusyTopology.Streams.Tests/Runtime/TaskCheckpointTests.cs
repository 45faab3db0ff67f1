using Confluent.Kafka;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.Runtime;

public sealed class TaskCheckpointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "checkpoint-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void OffsetsSurviveARoundTripAndDeleteRemovesThem()
    {
        var checkpoint = new TaskCheckpoint(_directory);
        Assert.Empty(checkpoint.Read());
        var offsets = new Dictionary<TopicPartition, long>
        {
            [new TopicPartition("app-a-changelog", 3)] = 41,
            [new TopicPartition("app-b-changelog", 3)] = 0,
        };
        checkpoint.Write(offsets);
        Assert.Equal(offsets, checkpoint.Read());
        checkpoint.Delete();
        Assert.Empty(checkpoint.Read());
    }

    [Fact]
    public void ACorruptCheckpointIsAnErrorNotASilentFullRestore()
    {
        var checkpoint = new TaskCheckpoint(_directory);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(checkpoint.FilePath, "app-a-changelog three 41\n");
        Assert.Throws<InvalidDataException>(() => checkpoint.Read());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
