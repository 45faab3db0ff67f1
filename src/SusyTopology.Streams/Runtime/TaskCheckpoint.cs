using System.Globalization;
using Confluent.Kafka;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// A task's <c>.checkpoint</c> file: for each changelog partition, the offset of the last record already in the
/// store. Written (atomically, via a temporary file) after a commit under at-least-once and on a clean close; under
/// exactly-once it is deleted while the task runs, so a crash never leaves a checkpoint ahead of committed data.
/// Restoration of a persistent store starts after the checkpointed offset; in-memory stores start from scratch.
/// Format: one line per partition, <c>topic partition offset</c>.
/// </summary>
internal sealed class TaskCheckpoint(string directory)
{
    public string FilePath { get; } = Path.Combine(directory, ".checkpoint");

    public IReadOnlyDictionary<TopicPartition, long> Read()
    {
        var offsets = new Dictionary<TopicPartition, long>();
        if (!File.Exists(FilePath)) return offsets;
        foreach (var line in File.ReadAllLines(FilePath))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var offset))
                throw new InvalidDataException($"Corrupt checkpoint line '{line}' in {FilePath}.");
            offsets[new TopicPartition(parts[0], partition)] = offset;
        }
        return offsets;
    }

    public void Write(IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        File.WriteAllLines(temporary, offsets
            .OrderBy(o => o.Key.Topic, StringComparer.Ordinal).ThenBy(o => o.Key.Partition.Value)
            .Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key.Topic} {o.Key.Partition.Value} {o.Value}")));
        File.Move(temporary, FilePath, overwrite: true);
    }

    public void Delete()
    {
        if (File.Exists(FilePath)) File.Delete(FilePath);
    }
}
