using Sanctum.Ports;
namespace Sanctum.Os.Linux;

/// <summary>The fields of Linux <c>/proc/meminfo</c> the valve uses, in KiB.</summary>
public sealed record MemInfo(long MemTotalKb, long MemAvailableKb, long SwapTotalKb, long SwapFreeKb)
{
    public long AvailableMb => MemAvailableKb / 1024;

    public long SwapUsedMb => (SwapTotalKb - SwapFreeKb) / 1024;

    public long SwapTotalMb => SwapTotalKb / 1024;
}

/// <summary>Parses Linux <c>/proc/meminfo</c>.</summary>
public static class MemInfoParser
{
    public const string Source = "/proc/meminfo";

    private static readonly string[] RequiredKeys = ["MemTotal", "MemAvailable", "SwapTotal", "SwapFree"];

    /// <summary>
    /// All four keys are required. <c>MemAvailable</c> is the kernel's own estimate (Linux 3.14+); on older
    /// kernels its absence is an error rather than an estimate of our own. Other keys are ignored.
    /// </summary>
    public static Parsed<MemInfo> Parse(string text)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        var swapFreeLine = (Number: 0, Text: "");
        foreach (var (number, line) in TextLines.Split(text))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var key = line[..colon];
            if (Array.IndexOf(RequiredKeys, key) < 0)
                continue;
            if (TextLines.TryKb(line[(colon + 1)..], out var kb) is { } problem)
                return Fail(number, $"{key}: {problem}", line);
            if (!values.TryAdd(key, kb))
                return Fail(number, $"duplicate key '{key}'", line);
            if (key == "SwapFree")
                swapFreeLine = (number, line);
        }

        foreach (var key in RequiredKeys)
        {
            if (!values.ContainsKey(key))
                return Fail(0, $"missing key '{key}'", null);
        }

        var info = new MemInfo(values["MemTotal"], values["MemAvailable"], values["SwapTotal"], values["SwapFree"]);
        return info.SwapFreeKb > info.SwapTotalKb
            ? Fail(swapFreeLine.Number, "SwapFree exceeds SwapTotal", swapFreeLine.Text)
            : Parsed<MemInfo>.Success(info);
    }

    private static Parsed<MemInfo> Fail(int line, string message, string? text) =>
        Parsed<MemInfo>.Failure(new ParseError(Source, line, message, text));
}
