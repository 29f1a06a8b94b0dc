using System.Text;
using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

/// <summary>Throws random and mutated input at every parser: none may throw, and every error names a real line.</summary>
public sealed class GarbageTests
{
    private const int Iterations = 3000;

    // Characters the parsers treat specially, weighted in so mutations hit the interesting branches.
    private const string Alphabet = "0123456789     \t\n\r\0().:=-+/,eEMGkBSTZR+é日\uD800\uFFFF";

    public static TheoryData<string, string> Samples => new()
    {
        { "ps", Fixture.Read("macos/ps-panic-2026-04-19.txt") + Fixture.Read("macos/ps-hostile.txt") },
        { "vm_stat", Fixture.Read("macos/vm_stat-16k-apple-silicon.txt") },
        { "swapusage", "vm.swapusage: total = 27648.00M  used = 26843.25M  free = 804.75M  (encrypted)\n" },
        { "pressure", "kern.memorystatus_vm_pressure_level: 4\n" },
        { "stat", Fixture.Read("linux/stat-sanctumd.txt") },
        { "cmdline", "/usr/bin/python3\0-m\0http.server\0" },
        { "status", Fixture.Read("linux/status-sanctumd.txt") },
        { "meminfo", Fixture.Read("linux/meminfo-32g-swapping.txt") },
        { "psi", Fixture.Read("linux/pressure-memory-stalling.txt") },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void ParsersNeverThrowOnGarbage(string parser, string sample)
    {
        // string.GetHashCode is randomised per process; a fixed seed keeps failures reproducible.
        var random = new Random(parser.Sum(c => c) * 20260419);
        for (var i = 0; i < Iterations; i++)
        {
            var input = (i % 4) switch
            {
                0 => RandomText(random, random.Next(0, 200)),
                1 => sample[..random.Next(0, sample.Length + 1)],
                2 => Mutate(random, sample),
                _ => HugeNumbers(random, sample),
            };
            AssertWellBehaved(parser, input);
        }
    }

    private static void AssertWellBehaved(string parser, string input)
    {
        var lineCount = input.Split('\n').Length;
        switch (parser)
        {
            case "ps":
                var table = MacPsParser.Parse(input);
                Assert.True(table.Rows.Count + table.Errors.Count <= lineCount);
                Assert.All(table.Errors, e => AssertNamesLine(e, lineCount));
                break;
            case "vm_stat":
                AssertOne(VmStatParser.Parse(input), lineCount, v => _ = (v.AvailableMb, v.CompressorMb));
                break;
            case "swapusage":
                AssertOne(SwapUsageParser.Parse(input), lineCount, _ => { });
                break;
            case "pressure":
                AssertOne(PressureLevelParser.Parse(input), lineCount, level => Assert.True(level > 0));
                break;
            case "stat":
                AssertOne(ProcStatParser.Parse(input), lineCount, _ => { });
                break;
            case "cmdline":
                Assert.DoesNotContain('\0', ProcCmdlineParser.Parse(input));
                break;
            case "status":
                AssertOne(ProcStatusParser.Parse(input), lineCount, _ => { });
                break;
            case "meminfo":
                AssertOne(MemInfoParser.Parse(input), lineCount, m => Assert.True(m.SwapUsedMb >= 0));
                break;
            case "psi":
                AssertOne(PsiParser.Parse(input), lineCount, p => Assert.InRange(p.SomeAvg10, 0, 100));
                break;
            default:
                Assert.Fail("unknown parser " + parser);
                break;
        }
    }

    private static void AssertOne<T>(Parsed<T> parsed, int lineCount, Action<T> checkValue)
    {
        if (parsed.Error is { } error)
        {
            Assert.Equal(default, parsed.Value);
            AssertNamesLine(error, lineCount);
        }
        else
        {
            checkValue(Assert.IsType<T>(parsed.Value));
        }
    }

    private static void AssertNamesLine(ParseError error, int lineCount)
    {
        Assert.InRange(error.Line, 0, lineCount);
        Assert.NotEmpty(error.ToString());
    }

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            text.Append(random.Next(3) == 0 ? (char)random.Next(0, 0x10000) : Alphabet[random.Next(Alphabet.Length)]);
        return text.ToString();
    }

    private static string Mutate(Random random, string sample)
    {
        var text = new StringBuilder(sample);
        for (var edits = random.Next(1, 8); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 1:
                    text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at));
                    break;
                default:
                    text.Insert(at, RandomText(random, random.Next(1, 10)));
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Replaces a run of digits with one that overflows every integer type.</summary>
    private static string HugeNumbers(Random random, string sample)
    {
        var at = random.Next(sample.Length + 1);
        var end = at;
        while (end < sample.Length && char.IsAsciiDigit(sample[end]))
            end++;
        return sample[..at] + new string('9', random.Next(10, 60)) + sample[end..];
    }
}
