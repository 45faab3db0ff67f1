using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Kstream;

/// <summary>Chooses the output topic of each record (dynamic routing); every returned topic must already exist.</summary>
public interface ITopicNameExtractor<in TKey, in TValue>
{
    string Extract(TKey key, TValue value, RecordContext recordContext);
}

/// <summary>Adapts a lambda to <see cref="ITopicNameExtractor{TKey,TValue}"/>.</summary>
public sealed class TopicNameExtractor<TKey, TValue>(Func<TKey, TValue, RecordContext, string> extract)
    : ITopicNameExtractor<TKey, TValue>
{
    public string Extract(TKey key, TValue value, RecordContext recordContext) => extract(key, value, recordContext);
}
