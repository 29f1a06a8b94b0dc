using Sanctum.Ports;
namespace Sanctum.Os.MacOS;

/// <summary>The <c>vm_stat</c> counters the valve uses; counts are in pages of <see cref="PageSizeBytes"/>.</summary>
/// <param name="CompressorPages">"Pages occupied by compressor": physical pages the compressor holds.</param>
public sealed record VmStat(
    long PageSizeBytes,
    long FreePages,
    long ActivePages,
    long InactivePages,
    long SpeculativePages,
    long WiredPages,
    long PurgeablePages,
    long CompressorPages,
    long FileBackedPages)
{
    /// <summary>
    /// Free + inactive + speculative + purgeable: pages the kernel can hand out without compressing or
    /// swapping anything. Active, wired and compressor pages are in use. File-backed pages are left out
    /// because they overlap the active/inactive counts.
    /// </summary>
    public long AvailableMb => PagesToMb((Int128)FreePages + InactivePages + SpeculativePages + PurgeablePages);

    public long CompressorMb => PagesToMb(CompressorPages);

    // The parser bounds the page size to 64 KiB, so there are at least 16 pages per MiB and the quotient of
    // four summed longs fits a long.
    private long PagesToMb(Int128 pages) => (long)(pages * PageSizeBytes / (1024 * 1024));
}

/// <summary>Parses macOS <c>vm_stat</c> output.</summary>
public static class VmStatParser
{
    public const string Source = "vm_stat";

    private const string HeaderPrefix = "Mach Virtual Memory Statistics:";
    private const string PageSizePrefix = "(page size of ";
    private const string PageSizeSuffix = " bytes)";
    private const long MinPageSize = 512;
    private const long MaxPageSize = 64 * 1024;

    private static readonly string[] RequiredKeys =
    [
        "Pages free",
        "Pages active",
        "Pages inactive",
        "Pages speculative",
        "Pages wired down",
        "Pages purgeable",
        "Pages occupied by compressor",
        "File-backed pages",
    ];

    /// <summary>
    /// Parses the output. The page size comes only from the header, which must be the first non-blank line;
    /// a missing or garbled header is an error (assuming 4 KiB under-reports Apple Silicon memory 4×).
    /// Every key in the record is required; other lines are ignored.
    /// </summary>
    public static Parsed<VmStat> Parse(string text)
    {
        long? pageSize = null;
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (number, line) in TextLines.Split(text))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (pageSize is null)
            {
                if (ParsePageSize(line) is not { } size)
                    return Fail(number, $"expected header '{HeaderPrefix} (page size of N bytes)' with N a power of two from {MinPageSize} to {MaxPageSize}", line);
                pageSize = size;
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var key = line[..colon].Trim();
            if (Array.IndexOf(RequiredKeys, key) < 0)
                continue;
            var valueText = line[(colon + 1)..].Trim();
            if (valueText.EndsWith('.'))
                valueText = valueText[..^1];
            if (TextLines.TryDigits(valueText, out long value) is { } problem)
                return Fail(number, $"{key}: {problem}", line);
            if (!values.TryAdd(key, value))
                return Fail(number, $"duplicate key '{key}'", line);
        }

        if (pageSize is not { } pageSizeBytes)
            return Fail(0, "empty input: no header", null);
        foreach (var key in RequiredKeys)
        {
            if (!values.ContainsKey(key))
                return Fail(0, $"missing key '{key}'", null);
        }

        return Parsed<VmStat>.Success(new VmStat(
            pageSizeBytes,
            values["Pages free"],
            values["Pages active"],
            values["Pages inactive"],
            values["Pages speculative"],
            values["Pages wired down"],
            values["Pages purgeable"],
            values["Pages occupied by compressor"],
            values["File-backed pages"]));
    }

    private static long? ParsePageSize(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            return null;
        var rest = trimmed[HeaderPrefix.Length..].Trim();
        if (rest.Length < PageSizePrefix.Length + PageSizeSuffix.Length
            || !rest.StartsWith(PageSizePrefix, StringComparison.Ordinal)
            || !rest.EndsWith(PageSizeSuffix, StringComparison.Ordinal))
            return null;
        var digits = rest[PageSizePrefix.Length..^PageSizeSuffix.Length];
        if (TextLines.TryDigits(digits, out long size) is not null)
            return null;
        return size is >= MinPageSize and <= MaxPageSize && long.IsPow2(size) ? size : null;
    }

    private static Parsed<VmStat> Fail(int line, string message, string? text) =>
        Parsed<VmStat>.Failure(new ParseError(Source, line, message, text));
}
