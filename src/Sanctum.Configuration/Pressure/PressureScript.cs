using System.Security;
using Sanctum.Configuration.Hocon;

namespace Sanctum.Configuration.Pressure;

/// <summary>A pressure sample; a null field keeps its previous value.</summary>
/// <param name="Once">A glitch: it answers exactly one reading (the first at or after <paramref name="At"/>), then the samples around it hold again.</param>
public sealed record ScenarioSample(TimeSpan At, long? AvailableMb, long? SwapUsedMb, int? KernelLevel, long? CompressorMb, bool Once = false);

/// <summary>The signals the timeline gives at one moment.</summary>
public readonly record struct TimelinePoint(long AvailableMb, long SwapUsedMb, int KernelLevel, long CompressorMb);

/// <summary>The pressure timeline of a scenario file and the sizes that turn its MB into percentages.</summary>
/// <param name="Samples">In time order.</param>
/// <param name="MemoryMb">What is available before the first sample.</param>
public sealed record PressureTimeline(IReadOnlyList<ScenarioSample> Samples, long SwapTotalMb, long MemoryMb)
{
    /// <summary>The point each prefix of <see cref="Samples"/> holds, and the latest <c>at</c> of each prefix: a reading is a binary search, not a walk.</summary>
    private readonly (TimelinePoint[] Held, TimeSpan[] LatestAt) _prefixes = Prefixes(Samples, MemoryMb);

    /// <summary>
    /// Each sample holds from its <c>at</c> until the next; a key a sample leaves out keeps its previous value.
    /// Before the first sample (and for keys never given) the host is calm: all memory available, no swap,
    /// kernel NORMAL.
    /// </summary>
    public TimelinePoint At(TimeSpan elapsed)
    {
        var (held, latestAt) = _prefixes;
        int low = 0, high = latestAt.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (latestAt[mid] <= elapsed)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return held[low];
    }

    /// <summary>Reads the timeline reading by reading, so that each <c>once</c> sample is seen by exactly one of them.</summary>
    public TimelineCursor Cursor() => new(this);

    internal static TimelinePoint Apply(TimelinePoint point, ScenarioSample s) => new(
        s.AvailableMb ?? point.AvailableMb,
        s.SwapUsedMb ?? point.SwapUsedMb,
        s.KernelLevel ?? point.KernelLevel,
        s.CompressorMb ?? point.CompressorMb);

    /// <summary>Held[n] is the point after the first n samples (their <c>once</c> ones left out); LatestAt[n] the latest <c>at</c> among the first n + 1.</summary>
    private static (TimelinePoint[] Held, TimeSpan[] LatestAt) Prefixes(IReadOnlyList<ScenarioSample> samples, long memoryMb)
    {
        var held = new TimelinePoint[samples.Count + 1];
        var latestAt = new TimeSpan[samples.Count];
        held[0] = new TimelinePoint(memoryMb, 0, 1, 0);
        for (var i = 0; i < samples.Count; i++)
        {
            held[i + 1] = samples[i].Once ? held[i] : Apply(held[i], samples[i]);
            latestAt[i] = i == 0 || samples[i].At > latestAt[i - 1] ? samples[i].At : latestAt[i - 1];
        }

        return (held, latestAt);
    }
}

/// <summary>
/// The timeline as successive readings see it: <see cref="PressureTimeline.At"/>, except that a <c>once</c>
/// sample not yet seen answers the first reading at or after its <c>at</c> (the newest such, should several
/// fall between two readings), and no other. Not thread-safe: one reader at a time.
/// </summary>
public sealed class TimelineCursor(PressureTimeline timeline)
{
    private int _seenOnce;

    public TimelinePoint Read(TimeSpan elapsed)
    {
        var point = timeline.At(elapsed);
        ScenarioSample? glitch = null;
        var samples = timeline.Samples;
        for (var i = _seenOnce; i < samples.Count && samples[i].At <= elapsed; i++)
        {
            _seenOnce = i + 1;
            if (samples[i].Once)
            {
                glitch = samples[i];
            }
        }

        return glitch is null ? point : PressureTimeline.Apply(point, glitch);
    }
}

/// <summary>Either the timeline or every error found, each naming the key and line.</summary>
public sealed record PressureScriptResult(PressureTimeline? Timeline, IReadOnlyList<ConfigError> Errors);

/// <summary>
/// Reads the pressure timeline of a scenario file (docs/scenarios.md): <c>pressure = [ … ]</c>
/// and <c>host.memory-mb</c> / <c>host.swap-total-mb</c>. The daemon's <c>--pressure-script</c> reads only
/// this and leaves the file's other keys alone; <see cref="ScenarioLoader"/> reads it as part of a scenario.
/// </summary>
public static class PressureScript
{
    public const long DefaultSwapTotalMb = 32768;
    public const long DefaultMemoryMb = 65536;

    /// <summary>A day of readings every 4 s fits; a million samples (1.1 GB parsed, minutes replayed) does not.</summary>
    public const int MaxSamples = 20_000;

    /// <summary>Larger files are refused before they are parsed: parsing holds far more than the text.</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>The latest <c>at</c> of a sample, and the longest scenario <c>duration</c>.</summary>
    public static readonly TimeSpan LongestTimeline = TimeSpan.FromHours(24);

    public static PressureScriptResult Load(string file)
    {
        var (text, error) = ReadFile(file, "pressure script");
        return text is null ? Failure(error!) : Parse(text, file);
    }

    /// <summary>The text of a pressure script or scenario file, or why not: unreadable, or over <see cref="MaxFileBytes"/>.</summary>
    public static (string? Text, ConfigError? Error) ReadFile(string file, string what)
    {
        try
        {
            var size = new FileInfo(file).Length;
            return size > MaxFileBytes
                ? (null, new ConfigError("", file, 0, $"the {what} is {size / 1024} KB; at most {MaxFileBytes / 1024} KB are read"))
                : (File.ReadAllText(file), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            return (null, new ConfigError("", file, 0, $"cannot read the {what}: {e.Message}"));
        }
    }

    public static PressureScriptResult Parse(string text, string fileName)
    {
        if (text.Length > MaxFileBytes)
        {
            return Failure(new ConfigError("", fileName, 0, $"the pressure script is over {MaxFileBytes / 1024} KB"));
        }

        HoconObject root;
        try
        {
            root = HoconDocument.Parse(text, fileName);
        }
        catch (HoconException e)
        {
            return Failure(ConfigError.From(e));
        }

        var r = new HoconReader();
        var timeline = ReadTimeline(r, root);
        return r.Errors.Count == 0 ? new PressureScriptResult(timeline, []) : new PressureScriptResult(null, r.Errors);
    }

    /// <summary>Reads <c>host</c> and <c>pressure</c> from <paramref name="root"/>, reporting problems to <paramref name="r"/>.</summary>
    public static PressureTimeline ReadTimeline(HoconReader r, HoconObject root)
    {
        long swapTotal = DefaultSwapTotalMb, memory = DefaultMemoryMb;
        if (HoconReader.Find(root, "host") is { } hostNode)
        {
            var host = r.GetObject(hostNode);
            r.RejectUnknownKeys(host, "memory-mb", "swap-total-mb");
            swapTotal = r.GetLong(host, "swap-total-mb", DefaultSwapTotalMb);
            memory = r.GetLong(host, "memory-mb", DefaultMemoryMb);
            Positive(r, host, "swap-total-mb", swapTotal);
            Positive(r, host, "memory-mb", memory);
        }

        var samples = new List<ScenarioSample>();
        if (r.Require(root, "pressure") is { } list)
        {
            var items = r.GetObjectList(list);
            if (items.Count > MaxSamples)
            {
                r.Report(list, $"has {items.Count} samples; at most {MaxSamples} are replayed (thin the recording, or split the incident)");
                return new PressureTimeline([], swapTotal, memory);
            }

            foreach (var item in items)
            {
                r.RejectUnknownKeys(item, "at", "available-mb", "swap-used-mb", "kernel-level", "compressor-mb", "once");
                var at = r.GetDuration(item, "at");
                if (at > LongestTimeline && item.TryGet("at", out var lateNode))
                {
                    r.Report(lateNode, $"must be at most {LongestTimeline.TotalHours:0}h, got {at.TotalHours:0.#}h");
                }

                var sample = new ScenarioSample(
                    at,
                    NotNegative(r, item, "available-mb"),
                    NotNegative(r, item, "swap-used-mb"),
                    HoconReader.Find(item, "kernel-level") is { } k ? KernelLevel(r, k) : null,
                    NotNegative(r, item, "compressor-mb"),
                    HoconReader.Find(item, "once") is { } once && r.GetBool(once));
                if (samples.Count > 0 && at < samples[^1].At && item.TryGet("at", out var atNode))
                {
                    r.Report(atNode, $"samples must be in time order: {at.TotalSeconds:0.###}s comes after {samples[^1].At.TotalSeconds:0.###}s");
                }

                samples.Add(sample);
            }

            if (samples.Count == 0 && r.Errors.Count == 0)
            {
                r.Report(list, "needs at least one sample");
            }
        }

        return new PressureTimeline(samples, swapTotal, memory);
    }

    private static long? NotNegative(HoconReader r, HoconObject item, string key)
    {
        if (HoconReader.Find(item, key) is not { } node)
        {
            return null;
        }

        var value = r.GetLong(node);
        if (value < 0)
        {
            r.Report(node, $"must not be negative, got {value}");
        }

        return value;
    }

    private static int KernelLevel(HoconReader r, HoconNode node)
    {
        var value = r.GetInt(node);
        if (value is < 0 or > 4)
        {
            r.Report(node, $"must be 1 (NORMAL) to 4 (CRITICAL), or 0 when unknown; got {value}");
        }

        return value;
    }

    private static void Positive(HoconReader r, HoconObject host, string key, long value)
    {
        if (value <= 0 && host.TryGet(key, out var node))
        {
            r.Report(node, $"must be positive, got {value}");
        }
    }

    private static PressureScriptResult Failure(ConfigError error) => new(null, [error]);
}
