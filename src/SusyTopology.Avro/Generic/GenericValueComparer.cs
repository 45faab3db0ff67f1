using System.Collections;
using System.Globalization;

namespace SusyTopology.Avro.Generic;

/// <summary>Structural equality of generic values (byte arrays, lists and maps compared by content; NaN equals NaN).</summary>
public sealed class GenericValueComparer : IEqualityComparer<object?>
{
    public static readonly GenericValueComparer Instance = new();

    public new bool Equals(object? x, object? y)
    {
        switch (x, y)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (byte[] a, byte[] b):
                return a.AsSpan().SequenceEqual(b);
            case (double a, double b):
                return a.Equals(b);
            case (float a, float b):
                return a.Equals(b);
            case (IDictionary a, IDictionary b):
                if (a.Count != b.Count)
                    return false;
                foreach (DictionaryEntry entry in a)
                    if (!b.Contains(entry.Key) || !Equals(entry.Value, b[entry.Key]))
                        return false;
                return true;
            case (IList a, IList b) when x is not string:
                if (a.Count != b.Count)
                    return false;
                for (var i = 0; i < a.Count; i++)
                    if (!Equals(a[i], b[i]))
                        return false;
                return true;
            default:
                return x.Equals(y);
        }
    }

    public int GetHashCode(object? obj) => obj switch
    {
        null => 0,
        byte[] bytes => bytes.Length,
        IDictionary map => map.Count,
        IList list => list.Count,
        _ => obj.GetHashCode(),
    };

    /// <summary>A JSON-like rendering for messages and test failures.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        byte[] b => "0x" + Convert.ToHexString(b),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary map => "{" + string.Join(", ", map.Cast<DictionaryEntry>().Select(e => $"\"{e.Key}\": {Format(e.Value)}")) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
