namespace SusyTopology.Streams.State;

/// <summary>Naming of changelog topics, shared by stores, topology metadata and the runtime.</summary>
public static class StoreChangelog
{
    public static string TopicName(string applicationId, string storeName) => $"{applicationId}-{storeName}-changelog";
}
