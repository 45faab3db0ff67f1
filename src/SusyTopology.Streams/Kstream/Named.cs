namespace SusyTopology.Streams.Kstream;

/// <summary>Names the processor an operation creates (stable names keep internal topics and stores stable).</summary>
public sealed class Named
{
    private Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public static Named As(string name) => new(name);
}
