using System.Text;
using Sanctum.Configuration.Hocon;
using Xunit;

namespace Sanctum.Policy.Tests.Configuration;

public sealed class HoconParserTests
{
    private static HoconObject Parse(string text) => HoconDocument.Parse(text, "t.conf");

    private static HoconNode At(HoconObject root, string dotted)
    {
        HoconNode node = root;
        foreach (var key in dotted.Split('.'))
        {
            Assert.True(((HoconObject)node).TryGet(key, out var next), $"missing {key} in {dotted}");
            node = next;
        }

        return node;
    }

    private static string Raw(HoconObject root, string dotted) => ((HoconScalar)At(root, dotted)).Raw;

    private static HoconException Fails(string text) => Assert.Throws<HoconException>(() => Parse(text));

    [Fact]
    public void CommentsSeparatorsAndUnquotedValues()
    {
        var root = Parse("""
            # a comment
            a = 1          // another
            b : two words  # trailing
            c {
              d = x
            }
            """);
        Assert.Equal("1", Raw(root, "a"));
        Assert.Equal("two words", Raw(root, "b"));
        Assert.Equal("x", Raw(root, "c.d"));
        Assert.False(((HoconScalar)At(root, "b")).Quoted);
    }

    [Fact]
    public void RootWithBracesAndCommasOnOneLine()
    {
        var root = Parse("{ valve { tick = 5s, debounce = 2, cooldown = 120s } }");
        Assert.Equal("5s", Raw(root, "valve.tick"));
        Assert.Equal("2", Raw(root, "valve.debounce"));
        Assert.Equal("120s", Raw(root, "valve.cooldown"));
        Assert.Equal(["tick", "debounce", "cooldown"], ((HoconObject)At(root, "valve")).Keys);
    }

    [Fact]
    public void DottedKeysExpandAndMergeWithObjects()
    {
        var root = Parse("""
            a.b.c = 1
            a { b { d = 2 }, e = 3 }
            "quoted.key" = 4
            a."x y" = 5
            """);
        Assert.Equal("1", Raw(root, "a.b.c"));
        Assert.Equal("2", Raw(root, "a.b.d"));
        Assert.Equal("3", Raw(root, "a.e"));
        Assert.True(root.TryGet("quoted.key", out var q));
        Assert.Equal("4", ((HoconScalar)q).Raw);
        Assert.Equal("a.\"x y\"", At(root, "a.x y").Path);
        Assert.Equal("a.b.c", At(root, "a.b.c").Path);
    }

    [Fact]
    public void DuplicateKeysMergeObjectsAndLaterScalarsWin()
    {
        var root = Parse("""
            o { x = 1, y = 1 }
            o { y = 2, z = 2 }
            s = first
            s = second
            r { x = 1 }
            r = 5
            t = 5
            t { x = 1 }
            """);
        Assert.Equal("1", Raw(root, "o.x"));
        Assert.Equal("2", Raw(root, "o.y"));
        Assert.Equal("2", Raw(root, "o.z"));
        Assert.Equal("second", Raw(root, "s"));
        Assert.Equal(4, At(root, "s").Line);
        Assert.Equal("5", Raw(root, "r"));
        Assert.Equal("1", Raw(root, "t.x"));
        Assert.Equal(["o", "s", "r", "t"], root.Keys);
    }

    [Fact]
    public void QuotedStringsTakeJsonEscapes()
    {
        var root = Parse("""a = "q\" b\\ s\/ \b\f\n\r\t \u00e9\u0041", e = "", re = "\\.lmstudio/" """);
        Assert.Equal("q\" b\\ s/ \b\f\n\r\t éA", Raw(root, "a"));
        Assert.Equal("", Raw(root, "e"));
        Assert.True(((HoconScalar)At(root, "e")).Quoted);
        Assert.Equal(@"\.lmstudio/", Raw(root, "re"));
    }

    [Fact]
    public void ArraysSeparatedByCommasAndOrNewlines()
    {
        var root = Parse("""
            a = [1, 2,
              3
              "four", ]
            objs = [
              { n = 1 }
              { n = 2 }, { n = 3 }
            ]
            empty = []
            nested = [[1], [2, [3]]]
            """);
        var a = (HoconArray)At(root, "a");
        Assert.Equal(["1", "2", "3", "four"], a.Items.Select(i => ((HoconScalar)i).Raw));
        Assert.Equal("a[3]", a.Items[3].Path);
        Assert.Equal(3, a.Items[3].Line);
        var objs = (HoconArray)At(root, "objs");
        Assert.Equal(3, objs.Items.Count);
        Assert.Equal("objs[2].n", ((HoconObject)objs.Items[2]).Fields[0].Value.Path);
        Assert.Equal(6, objs.Items[2].Line);
        Assert.Empty(((HoconArray)At(root, "empty")).Items);
        Assert.Equal(2, ((HoconArray)At(root, "nested")).Items.Count);
    }

    [Fact]
    public void NullNumbersAndBooleansStayRaw()
    {
        var root = Parse("n = null, q = \"null\", x = -1.5e3, b = on");
        Assert.True(((HoconScalar)At(root, "n")).IsNull);
        Assert.False(((HoconScalar)At(root, "q")).IsNull);
        Assert.Equal("-1.5e3", Raw(root, "x"));
        Assert.Equal("on", Raw(root, "b"));
    }

    [Fact]
    public void PlainJsonParses()
    {
        var root = Parse("""
            {
              "name": "storm",
              "duration": "30m",
              "sanctum": { "valve": { "tick": "5s", "debounce": 2 } },
              "processes": [ { "pid": 1, "name": "x", "rss-mb": 1.5e3, "ok": true, "none": null } ]
            }
            """);
        Assert.Equal("storm", Raw(root, "name"));
        Assert.Equal("2", Raw(root, "sanctum.valve.debounce"));
        var p = (HoconObject)((HoconArray)At(root, "processes")).Items[0];
        Assert.Equal(["pid", "name", "rss-mb", "ok", "none"], p.Keys);
        Assert.Equal(5, p.Line);
    }

    [Fact]
    public void NodesKeepFileLineAndPath()
    {
        var root = HoconDocument.Parse("\n\nsanctum {\n  valve.tick = fast\n}\n", "user.conf");
        var tick = At(root, "sanctum.valve.tick");
        Assert.Equal(("user.conf", 4, "sanctum.valve.tick"), (tick.File, tick.Line, tick.Path));
        Assert.Equal(3, At(root, "sanctum").Line);
    }

    [Fact]
    public void EmptyDocumentIsAnEmptyObject()
    {
        Assert.Empty(Parse("").Fields);
        Assert.Empty(Parse("  # only a comment\n\n").Fields);
        Assert.Empty(Parse("{}").Fields);
    }

    [Fact]
    public void MergeOverLayersAndKeepsOrigins()
    {
        var defaults = HoconDocument.Parse("s { a = 1, b { c = 2, d = 3 }, list = [1, 2] }", "defaults.conf");
        var user = HoconDocument.Parse("s {\n b.c = 20\n list = [9]\n extra = x\n}", "user.conf");
        var merged = user.MergeOver(defaults);
        Assert.Equal("1", Raw(merged, "s.a"));
        Assert.Equal("defaults.conf", At(merged, "s.a").File);
        Assert.Equal("20", Raw(merged, "s.b.c"));
        Assert.Equal(("user.conf", 2), (At(merged, "s.b.c").File, At(merged, "s.b.c").Line));
        Assert.Equal("3", Raw(merged, "s.b.d"));
        Assert.Single(((HoconArray)At(merged, "s.list")).Items);
        Assert.Equal("x", Raw(merged, "s.extra"));
        Assert.Equal(["a", "b", "list", "extra"], ((HoconObject)At(merged, "s")).Keys);
    }

    [Theory]
    [InlineData("a = 1\nb = ${a}", 2, "substitutions")]
    [InlineData("a = 1\nb = x${a}", 2, "substitutions")]
    [InlineData("a = 1\n\ninclude \"other.conf\"", 3, "'include' is not supported")]
    [InlineData("a = [1]\na += 2", 2, "'+=' is not supported")]
    [InlineData("a = \"\"\"x\"\"\"", 1, "triple-quoted")]
    [InlineData("a = 1\nb = \"open\nc = 2", 2, "unterminated string")]
    [InlineData("a = \"bad \\q escape\"", 1, "invalid escape")]
    [InlineData("a = \"\\u12\"", 1, "four hex digits")]
    [InlineData("a {\n  b = 1\n", 3, "missing '}' for the object opened on line 1")]
    [InlineData("a = [1,\n2", 2, "missing ']'")]
    [InlineData("a = 1 }", 1, "unexpected '}'")]
    [InlineData("a = \"x\" y", 1, "expected a newline or ','")]
    [InlineData("a = 1,, b = 2", 1, "unexpected ','")]
    [InlineData("a =\nb = 2", 1, "missing value for a")]
    [InlineData("a b = 2", 1, "expected '=', ':' or '{' after the key a")]
    [InlineData("= 2", 1, "expected a key")]
    [InlineData("[1, 2]", 1, "root must be an object")]
    [InlineData("{ a = 1 } b = 2", 1, "after the root object")]
    [InlineData("a = foo\"bar\"", 1, "put the value in quotes")]
    [InlineData("x {\n  y = {\n    z = [ 1 }\n", 3, "unexpected '}'")]
    public void UnsupportedOrMalformedInputNamesTheLine(string text, int line, string fragment)
    {
        var e = Fails(text);
        Assert.Equal(line, e.Line);
        Assert.Equal("t.conf", e.File);
        Assert.Contains(fragment, e.Reason);
        Assert.Contains($"(t.conf line {line})", e.Message);
    }

    public static TheoryData<string> Nasty() =>
    [
        "\"",
        "a = \"",
        "a = \"\\",
        "a = \"\\u",
        "{",
        "}",
        "[",
        "]",
        "a = [",
        "a = {",
        "a.",
        ".a = 1",
        "a..b = 1",
        "a = 1 = ",
        "\0\0\0",
        "a = \0",
        "\uFEFF{",
        "a = $",
        "a = ${",
        "+",
        "a +",
        "/",
        "a = //",
        "a : ",
        "include",
        new string('{', 10_000),
        new string('[', 10_000),
        "a = " + new string('[', 10_000),
        string.Join('.', Enumerable.Repeat("k", 10_000)) + " = 1",
        string.Concat(Enumerable.Repeat("a { ", 5_000)),
        "\ud800 = \udc00",
        "a = \"\\ud800\"",
    ];

    [Theory]
    [MemberData(nameof(Nasty))]
    public void HostileInputOnlyRaisesHoconException(string text)
    {
        var e = Record.Exception(() => Parse(text));
        Assert.True(e is null or HoconException, $"{e?.GetType().Name}: {e?.Message}");
    }

    [Fact]
    public void RandomBytesOnlyRaiseHoconException()
    {
        var random = new Random(20260427);
        const string alphabet = "{}[]=:,.\"\\/#$+\n\r\t abc019-_uen";
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            var text = i % 2 == 0
                ? Encoding.UTF8.GetString(bytes)
                : new string([.. bytes.Select(b => alphabet[b % alphabet.Length])]);
            var e = Record.Exception(() => Parse(text));
            Assert.True(e is null or HoconException, $"input #{i} {text}: {e}");
        }
    }

    [Fact]
    public void DeepNestingIsRefusedNotAStackOverflow()
    {
        var ok = string.Concat(Enumerable.Repeat("a { ", 60)) + string.Concat(Enumerable.Repeat("}", 60));
        Assert.Single(Parse(ok).Fields);
        Assert.Contains("nesting deeper", Fails(string.Concat(Enumerable.Repeat("a { ", 100))).Reason);
    }
}
