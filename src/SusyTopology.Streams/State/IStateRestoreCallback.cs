namespace SusyTopology.Streams.State;

/// <summary>Replays raw changelog records into a store during restoration (null value = tombstone).</summary>
public interface IStateRestoreCallback
{
    void Restore(byte[] key, byte[]? value);
}
