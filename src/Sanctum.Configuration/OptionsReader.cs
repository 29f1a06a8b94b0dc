using Sanctum.Configuration.Hocon;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;

namespace Sanctum.Configuration;

/// <summary>Reads and validates the merged <c>sanctum</c> object; every problem goes to the reader's error list.</summary>
internal sealed class OptionsReader(HoconReader r)
{
    private const string SigstopOnly = "sigstop-only";
    private const string KillAllowed = "kill-allowed";

    /// <summary>No duration the guard takes is longer: beyond it, times computed from it stop being dates.</summary>
    private static readonly TimeSpan LongestDuration = TimeSpan.FromDays(1);

    /// <summary>Below it, scanning the process table is all the guard does.</summary>
    private static readonly TimeSpan ShortestTick = TimeSpan.FromMilliseconds(100);

    private static readonly Func<TimeSpan, string?> Positive = v => v > TimeSpan.Zero ? AtMostLongest(v) : "must be greater than 0";
    private static readonly Func<TimeSpan, string?> NotNegative = v => v >= TimeSpan.Zero ? AtMostLongest(v) : "must not be negative";
    private static readonly Func<string, string?> NotEmpty = v => v.Length > 0 ? null : "must not be empty";
    private static readonly Func<string, string?> Anything = _ => null;
    private static readonly Func<bool, string?> AnyBool = _ => null;

    /// <summary>Compiled as the guard compiles it (linear-time matching), so what passes the check works at run time.</summary>
    private static readonly Func<string, string?> Pattern = v =>
        NotEmpty(v) ?? (ProcessPattern.TryCompile(v, out var error) is null ? $"is not a usable regex ({error})" : null);

    public SanctumOptions Read(HoconObject s)
    {
        r.RejectUnknownKeys(s, "dry-run", "thaw-on-stop", "valve", "sentinel", "deadman", "persistence", "cli", "log", "notify", "hooks", "metrics");
        var valve = Section(s, "valve", "tick", "debounce", "cooldown", "thresholds", "compressor-leak", "lease", "allowlist", "denylist", "shed", "sensing", "confirm");
        var shed = Section(valve, "shed", "tier3", "tier2", "delta-mb", "max-fail-streak", "skip-window", "respawn-loop-per-hour");
        var deadman = Section(s, "deadman", "stale-after");
        var persistence = Section(s, "persistence", "provider", "connection-string");
        var cli = Section(s, "cli", "socket");
        var log = Section(s, "log", "json");

        return new SanctumOptions(
            DryRun: Value(s, "dry-run", r.GetBool, AnyBool),
            ThawOnStop: Value(s, "thaw-on-stop", r.GetBool, AnyBool),
            Valve: new ValveOptions(
                Tick: Value(valve, "tick", r.GetDuration, v => Positive(v) ?? (v >= ShortestTick ? null : $"must be at least {ShortestTick.TotalMilliseconds:0}ms")),
                Debounce: Value(valve, "debounce", r.GetInt, AtLeast(1)),
                Cooldown: Value(valve, "cooldown", r.GetDuration, NotNegative),
                Thresholds: ReadThresholds(valve),
                CompressorLeak: ReadCompressorLeak(valve),
                Lease: ReadLease(valve),
                Allowlist: [.. r.GetObjectList(valve, "allowlist").Select(ReadAllowlistEntry)],
                Denylist: Strings(valve, "denylist"),
                Shed: new ShedOptions(
                    Tier3: Strings(shed, "tier3"),
                    Tier2: Strings(shed, "tier2"),
                    DeltaMb: Value(shed, "delta-mb", r.GetLong, AtLeast(0L)),
                    MaxFailStreak: Value(shed, "max-fail-streak", r.GetInt, AtLeast(1)),
                    SkipWindow: Value(shed, "skip-window", r.GetDuration, NotNegative)))
            {
                Sensing = ReadSensing(valve),
                Confirm = ReadConfirm(valve),
            },
            Respawn: new RespawnOptions(Value(shed, "respawn-loop-per-hour", r.GetInt, AtLeast(1))),
            Sentinel: ReadSentinel(s),
            Deadman: new DeadmanOptions(Value(deadman, "stale-after", r.GetDuration, Positive)),
            Persistence: new PersistenceOptions(
                Value(persistence, "provider", r.GetString, NotEmpty),
                Value(persistence, "connection-string", r.GetString, Anything)),
            Cli: new CliOptions(Value(cli, "socket", r.GetString, Anything)),
            Log: new LogOptions(Value(log, "json", r.GetBool, AnyBool)))
        {
            Notify = ReadNotify(s),
            Hooks = ReadHooks(s),
            Metrics = ReadMetrics(s),
        };
    }

    private NotifyOptions ReadNotify(HoconObject s)
    {
        var o = Section(s, "notify", "desktop", "on", "min-interval");
        string[] events = ["freeze", "thaw", "kill", "shed", "alert"];
        var on = Strings(o, "on", v => events.Contains(v) ? null : $"must be one of {string.Join(", ", events)}");
        return new NotifyOptions(Value(o, "desktop", r.GetBool, AnyBool), on, Value(o, "min-interval", r.GetDuration, NotNegative));
    }

    private HookOptions ReadHooks(HoconObject s)
    {
        var o = Section(s, "hooks", "on-action", "pre-kill", "timeout", "pre-kill-timeout");
        return new HookOptions(
            Strings(o, "on-action"),
            Strings(o, "pre-kill"),
            Value(o, "timeout", r.GetDuration, Positive),
            Value(o, "pre-kill-timeout", r.GetDuration, Between(TimeSpan.Zero, TimeSpan.FromSeconds(60))));
    }

    private MetricsOptions ReadMetrics(HoconObject s)
    {
        var o = Section(s, "metrics", "prometheus", "otlp");
        return new MetricsOptions(
            Value(o, "prometheus", r.GetString, v => v.Length == 0 || LoopbackEndpoint.TryParse(v, out _) ? null
                : "must be empty or a loopback host:port, like 127.0.0.1:9477 (metrics are never served beyond this host)"),
            Value(o, "otlp", r.GetString, v => v.Length == 0 || Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null
                : "must be empty or an http:// or https:// URL, in quotes (// starts a comment)"));
    }

    private SensingOptions ReadSensing(HoconObject valve)
    {
        var o = Section(valve, "sensing", "min-interval", "fill-rate-mb-per-second", "confirm-interval");
        return new SensingOptions(
            Value(o, "min-interval", r.GetDuration, Between(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(10))),
            Value(o, "fill-rate-mb-per-second", r.GetDouble, v => v > 0 ? null : "must be greater than 0"),
            Value(o, "confirm-interval", r.GetDuration, Between(TimeSpan.Zero, TimeSpan.FromSeconds(10))));
    }

    private ConfirmOptions ReadConfirm(HoconObject valve)
    {
        var o = Section(valve, "confirm", "kill-after");
        return new ConfirmOptions(Value(o, "kill-after", r.GetDuration, NotNegative));
    }

    private static string? AtMostLongest(TimeSpan v) => v <= LongestDuration ? null : $"must be at most {LongestDuration.TotalHours:0}h";

    private static Func<TimeSpan, string?> Between(TimeSpan min, TimeSpan max) =>
        v => v >= min && v <= max ? null : $"must be between {min.TotalMilliseconds:0}ms and {max.TotalSeconds:0}s";

    private Thresholds ReadThresholds(HoconObject valve)
    {
        var t = Section(valve, "thresholds", "yellow", "orange", "red");
        var before = r.Errors.Count;
        var yellow = ReadLevel(t, "yellow");
        var orange = ReadLevel(t, "orange");
        var red = ReadLevel(t, "red");
        if (r.Errors.Count == before)
        {
            Check(t, "orange", "available-mb", orange.AvailableMb < yellow.AvailableMb, $"must be below yellow's available-mb ({yellow.AvailableMb})");
            Check(t, "red", "available-mb", red.AvailableMb < orange.AvailableMb, $"must be below orange's available-mb ({orange.AvailableMb})");
            Check(t, "orange", "swap-percent", orange.SwapPercent > yellow.SwapPercent, $"must be above yellow's swap-percent ({yellow.SwapPercent})");
            Check(t, "red", "swap-percent", red.SwapPercent > orange.SwapPercent, $"must be above orange's swap-percent ({orange.SwapPercent})");
        }

        return new Thresholds(yellow, orange, red);
    }

    private LevelThreshold ReadLevel(HoconObject thresholds, string level)
    {
        var o = Section(thresholds, level, "available-mb", "swap-percent");
        return new LevelThreshold(
            Value(o, "available-mb", r.GetLong, AtLeast(0L)),
            Value(o, "swap-percent", r.GetDouble, v => v is >= 0 and <= 100 ? null : "must be between 0 and 100"));
    }

    private CompressorLeakOptions ReadCompressorLeak(HoconObject valve)
    {
        var o = Section(valve, "compressor-leak", "mb-per-second", "window");
        return new CompressorLeakOptions(
            Value(o, "mb-per-second", r.GetDouble, v => v > 0 ? null : "must be greater than 0"),
            Value(o, "window", r.GetDuration, Positive));
    }

    private LeaseOptions ReadLease(HoconObject valve)
    {
        var o = Section(valve, "lease", "thaw-after", "max", "max-freezes-per-hour");
        return new LeaseOptions(
            Value(o, "thaw-after", r.GetDuration, NotNegative),
            Value(o, "max", r.GetDuration, Positive),
            Value(o, "max-freezes-per-hour", r.GetInt, AtLeast(1)));
    }

    private AllowlistEntry ReadAllowlistEntry(HoconObject e)
    {
        r.RejectUnknownKeys(e, "name", "match", "policy", "min-stop-mb", "min-kill-mb");
        var name = Value(e, "name", r.GetString, NotEmpty);
        var match = Value(e, "match", r.GetString, Pattern);
        var policy = Value(e, "policy", r.GetString, p => p is SigstopOnly or KillAllowed ? null : $"must be {SigstopOnly} or {KillAllowed}");
        var minStop = Value(e, "min-stop-mb", r.GetLong, AtLeast(0L));
        var minKill = Optional(e, "min-kill-mb", n => (long?)r.GetLong(n), null, v => v >= 0 ? null : "must not be negative");
        if (policy == KillAllowed && minKill is null)
        {
            r.Report(new ConfigError(HoconDocument.Join(e.Path, "min-kill-mb"), e.File, e.Line, $"is required when policy = {KillAllowed}"));
        }

        Check(e, "min-kill-mb", policy != SigstopOnly, $"applies only to {KillAllowed} entries");
        Check(e, "min-kill-mb", minKill is null || minKill >= minStop, $"must be at least min-stop-mb ({minStop})");
        return new AllowlistEntry(name, match, policy == KillAllowed ? StopPolicy.KillAllowed : StopPolicy.SigstopOnly, minStop, minKill);
    }

    private SentinelOptions ReadSentinel(HoconObject s)
    {
        var o = Section(s, "sentinel", "criticals", "scan-every", "probe-every", "probe-failures", "probes");
        var probeEvery = Value(o, "probe-every", r.GetDuration, Positive);
        var probeFailures = Value(o, "probe-failures", r.GetInt, AtLeast(1));
        var probes = new List<ProbeOptions>();
        var services = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in r.GetObjectList(o, "probes"))
        {
            if (ReadProbe(p, probeEvery, probeFailures) is not { } probe)
            {
                continue;
            }

            if (!services.TryAdd(probe.Service, p.Line))
            {
                Check(p, "service", false, $"a probe for this service is already defined (line {services[probe.Service]})");
            }

            probes.Add(probe);
        }

        return new SentinelOptions(Strings(o, "criticals", Pattern), Value(o, "scan-every", r.GetDuration, Positive), probeEvery, probeFailures, probes);
    }

    private ProbeOptions? ReadProbe(HoconObject p, TimeSpan defaultEvery, int defaultFailures)
    {
        r.RejectUnknownKeys(
            p, "service", "process", "tcp", "http", "command", "every", "timeout", "failures", "recover", "recover-grace", "healthy-when", "max-per-hour");
        var before = r.Errors.Count;
        var service = Value(p, "service", r.GetString, NotEmpty);
        var process = HoconReader.Find(p, "process") is { } processNode ? Checked(processNode, r.GetString, Pattern) : null;
        var kinds = new[] { (ProbeKind.Tcp, "tcp"), (ProbeKind.Http, "http"), (ProbeKind.Command, "command") }
            .Where(k => HoconReader.Find(p, k.Item2) is not null)
            .ToList();
        if (kinds.Count != 1)
        {
            var second = kinds.Count > 1 ? HoconReader.Find(p, kinds[1].Item2)! : p;
            r.Report(new ConfigError(
                second.Path,
                second.File,
                second.Line,
                kinds.Count == 0 ? "a probe needs one of tcp, http or command" : $"a probe takes only one of tcp, http or command, but this one also has {kinds[0].Item2}"));
        }

        var (kind, kindKey) = kinds.Count > 0 ? kinds[0] : (ProbeKind.Command, "command");
        var target = kinds.Count > 0 ? Value(p, kindKey, r.GetString, kind switch
        {
            ProbeKind.Tcp => IsHostPort,
            ProbeKind.Http => v => Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : "must be an http:// or https:// URL, in quotes (// starts a comment)",
            _ => NotEmpty,
        }) : "";
        var every = Optional(p, "every", r.GetDuration, defaultEvery, Positive);
        var probe = new ProbeOptions(
            service,
            process,
            kind,
            target,
            every,
            Optional(p, "timeout", r.GetDuration, TimeSpan.FromSeconds(2), Positive),
            Optional(p, "failures", r.GetInt, defaultFailures, AtLeast(1)),
            Optional(p, "recover", r.GetStringList, [], _ => null),
            Optional(p, "recover-grace", r.GetDuration, every * 2, NotNegative),
            OptionalText(p, "healthy-when"),
            Optional(p, "max-per-hour", r.GetInt, 3, AtLeast(0)));
        return r.Errors.Count == before ? probe : null;
    }

    private static string? IsHostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out var port) && port is > 0 and <= 65535
            ? null
            : "must be host:port, like 127.0.0.1:1234";
    }

    private static Func<T, string?> AtLeast<T>(T min)
        where T : IComparable<T> => v => v.CompareTo(min) >= 0 ? null : $"must be at least {min}";

    /// <summary>The object under <paramref name="key"/>, with any key outside <paramref name="allowed"/> reported.</summary>
    private HoconObject Section(HoconObject parent, string key, params string[] allowed)
    {
        var o = r.GetObject(parent, key);
        r.RejectUnknownKeys(o, allowed);
        return o;
    }

    /// <summary>A required value; <paramref name="check"/> runs only when the value has the right type.</summary>
    private T Value<T>(HoconObject obj, string key, Func<HoconNode, T> get, Func<T, string?> check) =>
        r.Require(obj, key) is { } node ? Checked(node, get, check) : default!;

    private T Optional<T>(HoconObject obj, string key, Func<HoconNode, T> get, T fallback, Func<T, string?> check) =>
        HoconReader.Find(obj, key) is { } node ? Checked(node, get, check) : fallback;

    private T Checked<T>(HoconNode node, Func<HoconNode, T> get, Func<T, string?> check)
    {
        var before = r.Errors.Count;
        var value = get(node);
        if (r.Errors.Count == before && check(value) is { } problem)
        {
            r.Report(node, $"{problem}, got {node.Describe()}");
        }

        return value;
    }

    private string? OptionalText(HoconObject obj, string key) =>
        HoconReader.Find(obj, key) is { } node ? Checked(node, r.GetString, NotEmpty) : null;

    /// <summary>A required list of non-empty strings (or of ones that pass <paramref name="check"/>).</summary>
    private IReadOnlyList<string> Strings(HoconObject obj, string key, Func<string, string?>? check = null) =>
        r.Require(obj, key) is not { } node ? []
        : node is HoconArray array ? [.. array.Items.Select(item => Checked(item, r.GetString, check ?? NotEmpty))]
        : r.GetStringList(node);

    private void Check(HoconObject obj, string section, string key, bool ok, string problem)
    {
        if (HoconReader.Find(obj, section) is HoconObject inner)
        {
            Check(inner, key, ok, problem);
        }
    }

    /// <summary>Reports <paramref name="problem"/> at <paramref name="key"/> of <paramref name="obj"/> when it is set and not <paramref name="ok"/>.</summary>
    private void Check(HoconObject obj, string key, bool ok, string problem)
    {
        if (!ok && HoconReader.Find(obj, key) is { } node)
        {
            r.Report(node, $"{problem}, got {node.Describe()}");
        }
    }
}
