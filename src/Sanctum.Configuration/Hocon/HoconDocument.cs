using System.Text;

namespace Sanctum.Configuration.Hocon;

/// <summary>
/// A recursive-descent parser for the HOCON subset the configuration and scenario files use, keeping the file and
/// line of every value. Substitutions, includes, <c>+=</c>, triple-quoted strings and value concatenation are
/// refused with a <see cref="HoconException"/>, the only exception it throws.
/// </summary>
public static class HoconDocument
{
    /// <summary>Objects, lists and dotted-key segments nested deeper than this are refused, so no input can exhaust the stack.</summary>
    public const int MaxDepth = 64;

    public static HoconObject Parse(string text, string fileName) => new Parser(text, fileName).ParseDocument();

    private sealed class Parser(string text, string file)
    {
        private int pos;
        private int line = 1;

        private int Cur => pos < text.Length ? text[pos] : -1;

        private int Next => pos + 1 < text.Length ? text[pos + 1] : -1;

        private bool AtCommentStart => Cur == '#' || (Cur == '/' && Next == '/');

        public HoconObject ParseDocument()
        {
            SkipAll();
            if (Cur == '[')
            {
                throw Fail("the root must be an object, not a list");
            }

            var root = new ObjectBuilder(file, line, "", 0);
            if (Cur == '{')
            {
                pos++;
                ParseFields(root, '}');
                SkipAll();
                if (Cur != -1)
                {
                    throw Fail($"unexpected {Show(Cur)} after the root object's closing '}}'");
                }
            }
            else
            {
                ParseFields(root, null);
            }

            return root.Build();
        }

        private void ParseFields(ObjectBuilder target, char? close)
        {
            var openLine = line;
            var first = true;
            var lastPath = "";
            while (true)
            {
                var separated = SkipSeparators(first);
                if (Cur == -1)
                {
                    if (close is not null)
                    {
                        throw Fail($"missing '}}' for the object opened on line {openLine}");
                    }

                    return;
                }

                if (Cur == close)
                {
                    pos++;
                    return;
                }

                if (Cur is '}' or ']')
                {
                    throw Fail($"unexpected '{(char)Cur}'");
                }

                if (!separated)
                {
                    throw Fail($"expected a newline or ',' after the value of {lastPath}, found {Show(Cur)}");
                }

                lastPath = ParseField(target);
                first = false;
            }
        }

        private List<HoconNode> ParseArrayItems(string path, int depth)
        {
            var openLine = line;
            var items = new List<HoconNode>();
            while (true)
            {
                var separated = SkipSeparators(items.Count == 0);
                if (Cur == -1)
                {
                    throw Fail($"missing ']' for the list {path} opened on line {openLine}");
                }

                if (Cur == ']')
                {
                    pos++;
                    return items;
                }

                if (Cur == '}')
                {
                    throw Fail($"unexpected '}}' in the list {path}");
                }

                if (!separated)
                {
                    throw Fail($"expected a newline or ',' after {path}[{items.Count - 1}], found {Show(Cur)}");
                }

                items.Add(ParseValue($"{path}[{items.Count}]", line, depth));
            }
        }

        /// <summary>Skips whitespace, comments, newlines and at most one comma; says whether a separator was seen.</summary>
        private bool SkipSeparators(bool atStart)
        {
            var newline = false;
            var comma = false;
            while (true)
            {
                SkipInline();
                if (Cur == '\n')
                {
                    pos++;
                    line++;
                    newline = true;
                }
                else if (Cur == ',')
                {
                    if (comma || atStart)
                    {
                        throw Fail("unexpected ','");
                    }

                    pos++;
                    comma = true;
                }
                else
                {
                    return newline || comma || atStart;
                }
            }
        }

        private string ParseField(ObjectBuilder parent)
        {
            var keyLine = line;
            var (segments, bareInclude) = ParseKey();
            var target = parent;
            for (var i = 0; i < segments.Count - 1; i++)
            {
                target = target.Child(segments[i], keyLine, this);
            }

            var key = segments[^1];
            var path = Join(target.Path, key);
            SkipInline();
            if (Cur == '+' && Next == '=')
            {
                throw Fail($"'+=' is not supported (key {path})");
            }

            if (Cur == '{')
            {
                pos++;
                ParseFields(target.Child(key, keyLine, this), '}');
                return path;
            }

            if (Cur is not ('=' or ':'))
            {
                throw bareInclude
                    ? Fail("'include' is not supported")
                    : Fail($"expected '=', ':' or '{{' after the key {path}, found {Show(Cur)}");
            }

            pos++;
            SkipInline();
            if (Cur == '{')
            {
                pos++;
                ParseFields(target.Child(key, keyLine, this), '}');
            }
            else
            {
                target.Set(key, ParseValue(path, keyLine, target.Depth));
            }

            return path;
        }

        private (List<string> Segments, bool BareInclude) ParseKey()
        {
            var segments = new List<string>();
            var quotedAny = false;
            while (true)
            {
                if (Cur == '"')
                {
                    segments.Add(ParseQuoted());
                    quotedAny = true;
                }
                else
                {
                    var start = pos;
                    while (Cur != -1 && IsKeyChar((char)Cur) && !AtCommentStart)
                    {
                        pos++;
                    }

                    if (pos == start)
                    {
                        throw Fail(Cur == -1 ? "expected a key" : $"expected a key, found {Show(Cur)}");
                    }

                    segments.Add(text[start..pos]);
                }

                if (segments.Count > MaxDepth)
                {
                    throw Fail($"a key with more than {MaxDepth} segments");
                }

                if (Cur != '.')
                {
                    return (segments, !quotedAny && segments is ["include"]);
                }

                pos++;
            }
        }

        private HoconNode ParseValue(string path, int valueLine, int depth)
        {
            if (Cur == '{')
            {
                pos++;
                var obj = new ObjectBuilder(file, valueLine, path, Deeper(depth));
                ParseFields(obj, '}');
                return obj.Build();
            }

            if (Cur == '[')
            {
                pos++;
                return new HoconArray(file, valueLine, path, ParseArrayItems(path, Deeper(depth)));
            }

            if (Cur == '"')
            {
                return new HoconScalar(file, valueLine, path, ParseQuoted(), Quoted: true);
            }

            var start = pos;
            while (Cur is not (-1 or '\n' or ',' or '}' or ']') && !AtCommentStart)
            {
                if (Cur == '$' && Next == '{')
                {
                    throw Fail($"substitutions (${{...}}) are not supported (key {path})");
                }

                if (Cur is '{' or '[' or '"')
                {
                    throw Fail($"unexpected '{(char)Cur}' in the unquoted value of {path}; put the value in quotes");
                }

                pos++;
            }

            var raw = text[start..pos].Trim();
            return raw.Length == 0
                ? throw Fail($"missing value for {path}")
                : new HoconScalar(file, valueLine, path, raw, Quoted: false);
        }

        private int Deeper(int depth) =>
            depth + 1 > MaxDepth ? throw Fail($"nesting deeper than {MaxDepth} levels") : depth + 1;

        private string ParseQuoted()
        {
            var startLine = line;
            pos++;
            if (Cur == '"' && Next == '"')
            {
                throw Fail("triple-quoted strings are not supported");
            }

            var sb = new StringBuilder();
            while (true)
            {
                if (Cur is -1 or '\n')
                {
                    throw new HoconException("unterminated string", file, startLine);
                }

                var c = (char)Cur;
                pos++;
                if (c == '"')
                {
                    return sb.ToString();
                }

                sb.Append(c == '\\' ? ParseEscape() : c);
            }
        }

        private char ParseEscape()
        {
            var c = Cur;
            pos++;
            switch (c)
            {
                case '"' or '\\' or '/':
                    return (char)c;
                case 'b':
                    return '\b';
                case 'f':
                    return '\f';
                case 'n':
                    return '\n';
                case 'r':
                    return '\r';
                case 't':
                    return '\t';
                case 'u':
                    var value = 0;
                    for (var i = 0; i < 4; i++, pos++)
                    {
                        var digit = Cur switch
                        {
                            >= '0' and <= '9' => Cur - '0',
                            >= 'a' and <= 'f' => Cur - 'a' + 10,
                            >= 'A' and <= 'F' => Cur - 'A' + 10,
                            _ => throw Fail("'\\u' must be followed by four hex digits"),
                        };
                        value = (value * 16) + digit;
                    }

                    return (char)value;
                default:
                    pos--;
                    throw Fail(c is -1 or '\n' ? "unterminated string" : $"invalid escape '\\{(char)c}' in a string");
            }
        }

        private void SkipInline()
        {
            while (Cur != -1)
            {
                if (AtCommentStart)
                {
                    while (Cur is not (-1 or '\n'))
                    {
                        pos++;
                    }
                }
                else if (Cur != '\n' && IsSpace((char)Cur))
                {
                    pos++;
                }
                else
                {
                    return;
                }
            }
        }

        private void SkipAll()
        {
            while (true)
            {
                SkipInline();
                if (Cur != '\n')
                {
                    return;
                }

                pos++;
                line++;
            }
        }

        public HoconException Fail(string message) => new(message, file, line);

        private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';

        private static bool IsKeyChar(char c) => !IsSpace(c) && ".=:{}[],\"#+$`^?!@*&\\'".IndexOf(c) < 0;

        private static string Show(int c) => c switch
        {
            -1 => "the end of the file",
            '\n' => "a newline",
            _ when char.IsControl((char)c) => $"character U+{c:X4}",
            _ => $"'{(char)c}'",
        };
    }

    internal static string Join(string path, string key)
    {
        var segment = key.Length == 0 || key.Any(c => c == '.' || char.IsWhiteSpace(c)) ? $"\"{key}\"" : key;
        return path.Length == 0 ? segment : $"{path}.{segment}";
    }

    /// <summary>An object being parsed; a repeated key naming an object merges into the same builder.</summary>
    private sealed class ObjectBuilder(string file, int line, string path, int depth)
    {
        private readonly List<string> order = [];
        private readonly Dictionary<string, object> values = new(StringComparer.Ordinal);

        public string Path => path;

        public int Depth => depth;

        public ObjectBuilder Child(string key, int keyLine, Parser parser)
        {
            if (values.TryGetValue(key, out var existing) && existing is ObjectBuilder builder)
            {
                return builder;
            }

            if (depth + 1 > MaxDepth)
            {
                throw parser.Fail($"nesting deeper than {MaxDepth} levels");
            }

            var child = new ObjectBuilder(file, keyLine, Join(path, key), depth + 1);
            Store(key, child);
            return child;
        }

        public void Set(string key, HoconNode value) => Store(key, value);

        public HoconObject Build() =>
            new(file, line, path, order.Select(k => new HoconField(k, values[k] is ObjectBuilder b ? b.Build() : (HoconNode)values[k])).ToList());

        private void Store(string key, object value)
        {
            if (!values.ContainsKey(key))
            {
                order.Add(key);
            }

            values[key] = value;
        }
    }
}
