using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SusyTopology.Avro.Generator;

/// <summary>
/// A small strict JSON reader for .avsc files. Analyzers run inside the compiler on netstandard2.0, where shipping
/// System.Text.Json alongside the generator would be fragile; schema files are small and simple.
/// Values: Dictionary&lt;string, object?&gt; (insertion-ordered keys in <see cref="JsonObject.Keys"/>), List&lt;object?&gt;,
/// string, double, long, bool, null.
/// </summary>
internal sealed class MiniJson
{
    private readonly string _text;
    private int _pos;

    private MiniJson(string text) => _text = text;

    public static object? Parse(string text)
    {
        var parser = new MiniJson(text);
        var value = parser.ReadValue();
        parser.SkipWhitespace();
        if (parser._pos != text.Length)
            throw parser.Error("unexpected text after the JSON value");
        return value;
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_pos >= _text.Length)
            throw Error("unexpected end of input");
        var c = _text[_pos];
        switch (c)
        {
            case '{':
                return ReadObject();
            case '[':
                return ReadArray();
            case '"':
                return ReadString();
            case 't':
                Expect("true");
                return true;
            case 'f':
                Expect("false");
                return false;
            case 'n':
                Expect("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                    return ReadNumber();
                throw Error($"unexpected character '{c}'");
        }
    }

    private JsonObject ReadObject()
    {
        var obj = new JsonObject();
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return obj;
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
                throw Error("expected a property name");
            var key = ReadString();
            SkipWhitespace();
            if (Peek() != ':')
                throw Error("expected ':'");
            _pos++;
            obj.Add(key, ReadValue());
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == '}')
                return obj;
            if (next != ',')
                throw Error("expected ',' or '}'");
        }
    }

    private List<object?> ReadArray()
    {
        var list = new List<object?>();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return list;
        }
        while (true)
        {
            list.Add(ReadValue());
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == ']')
                return list;
            if (next != ',')
                throw Error("expected ',' or ']'");
        }
    }

    private string ReadString()
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
                throw Error("unterminated string");
            var c = _text[_pos++];
            if (c == '"')
                return sb.ToString();
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= _text.Length)
                throw Error("unterminated escape");
            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length)
                        throw Error("bad \\u escape");
                    sb.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default:
                    throw Error($"bad escape '\\{e}'");
            }
        }
    }

    private object ReadNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
            _pos++;
        var token = _text.Substring(start, _pos - start);
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return l;
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        throw Error($"bad number '{token}'");
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            throw Error($"expected '{word}'");
        _pos += word.Length;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            _pos++;
    }

    private FormatException Error(string message) => new FormatException($"{message} at character {_pos}");
}

/// <summary>A JSON object that remembers key order.</summary>
internal sealed class JsonObject
{
    private readonly Dictionary<string, object?> _values = new Dictionary<string, object?>(StringComparer.Ordinal);

    public List<string> Keys { get; } = new List<string>();

    public void Add(string key, object? value)
    {
        if (!_values.ContainsKey(key))
            Keys.Add(key);
        _values[key] = value;
    }

    public bool TryGet(string key, out object? value) => _values.TryGetValue(key, out value);

    public object? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    public string? GetString(string key) => Get(key) as string;
}
