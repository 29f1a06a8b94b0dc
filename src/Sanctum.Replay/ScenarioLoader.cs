using Sanctum.Configuration;
using Sanctum.Configuration.Hocon;
using Sanctum.Configuration.Pressure;
using Sanctum.Policy.Options;

namespace Sanctum.Replay;

/// <summary>A loaded scenario and the daemon configuration it runs under, or every error with its key and line.</summary>
public sealed record ScenarioLoadResult(Scenario? Scenario, SanctumOptions? Options, IReadOnlyList<ConfigError> Errors)
{
    public bool Ok => Scenario is not null && Options is not null;
}

/// <summary>
/// Reads a scenario file (HOCON or plain JSON; docs/scenarios.md). Unknown keys are errors, so
/// a typo never silently changes a test. The <c>sanctum { … }</c> block layers over the shipped defaults;
/// the environment is ignored so a replay gives the same answer everywhere. A replay is armed (the
/// simulated host is harmless) unless the scenario itself sets <c>sanctum.dry-run</c>, and its shed tiers
/// are the scenario's <c>services</c>: the only supervised services the simulated host has.
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] RootKeys = ["name", "duration", "sanctum", "host", "processes", "services", "probes", "pressure"];
    private static readonly string[] ProcessKeys = ["pid", "start", "name", "command", "rss-mb", "state", "appears-at", "exits-at", "relief-mb"];
    private static readonly string[] ServiceKeys = ["label", "tier", "pid", "name", "rss-mb", "respawn-after", "relief-mb"];
    private static readonly string[] ProbeKeys = ["service", "pid", "every", "fails-while"];
    private static readonly string[] FailsWhile = ["stopped", "always", "never"];

    public static ScenarioLoadResult LoadFile(string path)
    {
        var (text, error) = PressureScript.ReadFile(path, "file");
        return text is null ? Failed(error!) : Load(text, path);
    }

    public static ScenarioLoadResult Load(string text, string fileName)
    {
        if (text.Length > PressureScript.MaxFileBytes)
        {
            return Failed(new ConfigError("", fileName, 0, $"the scenario is over {PressureScript.MaxFileBytes / 1024} KB"));
        }

        HoconObject root;
        try
        {
            root = HoconDocument.Parse(text, fileName);
        }
        catch (HoconException e)
        {
            return Failed(ConfigError.From(e));
        }

        var r = new HoconReader();
        r.RejectUnknownKeys(root, RootKeys);
        var name = r.GetString(root, "name");
        var duration = r.GetDuration(root, "duration");
        if (HoconReader.Find(root, "duration") is { } durationNode && r.Errors.Count == 0
            && (duration <= TimeSpan.Zero || duration > PressureScript.LongestTimeline))
        {
            r.Report(durationNode, $"must be longer than zero and at most {PressureScript.LongestTimeline.TotalHours:0}h (a replay walks every tick of it), got {durationNode.Describe()}");
        }

        var processes = r.GetObjectList(root, "processes", []).Select(p => ReadProcess(r, p)).ToArray();
        var services = r.GetObjectList(root, "services", []).Select(s => ReadService(r, s)).ToArray();
        var probes = r.GetObjectList(root, "probes", []).Select(p => ReadProbe(r, p)).ToArray();
        var timeline = PressureScript.ReadTimeline(r, root);
        CheckIdentities(r, root, processes, services);

        var sanctum = HoconReader.Find(root, "sanctum") is { } sanctumNode ? r.GetObject(sanctumNode) : null;
        if (r.Errors.Count > 0)
        {
            return new ScenarioLoadResult(null, null, r.Errors);
        }

        var config = SanctumConfigLoader.LoadOverrides(sanctum, new Dictionary<string, string?>());
        if (config.Options is not { } options)
        {
            return new ScenarioLoadResult(null, null, config.Errors);
        }

        var armed = sanctum is not null && HoconReader.Find(sanctum, "dry-run") is not null ? options : options with { DryRun = false };
        var shed = armed.Valve.Shed with
        {
            Tier3 = services.Where(s => s.Tier == 3).Select(s => s.Label).ToArray(),
            Tier2 = services.Where(s => s.Tier == 2).Select(s => s.Label).ToArray(),
        };
        var sentinel = armed.Sentinel;
        var scenarioProbes = probes.Select(p => new ScenarioProbe(SimulatedProbe(p.Service, p.Every ?? sentinel.ProbeEvery, sentinel.ProbeFailures), p.Pid, p.FailsWhile)).ToArray();
        var scenario = new Scenario(name, duration, timeline.MemoryMb, timeline.SwapTotalMb, processes, services, scenarioProbes, timeline.Samples);
        return new ScenarioLoadResult(scenario, armed with { Valve = armed.Valve with { Shed = shed } }, []);
    }

    private static ScenarioProcess ReadProcess(HoconReader r, HoconObject p)
    {
        r.RejectUnknownKeys(p, ProcessKeys);
        var rss = r.GetLong(p, "rss-mb", 0);
        var name = r.GetString(p, "name", null) ?? "";
        return new ScenarioProcess(
            Pid(r, p),
            r.GetLong(p, "start", 0),
            name,
            r.GetString(p, "command", null) ?? name,
            rss,
            r.GetString(p, "state", null) ?? "S",
            r.GetDuration(p, "appears-at", TimeSpan.Zero),
            HoconReader.Find(p, "exits-at") is { } exits ? r.GetDuration(exits) : null,
            r.GetLong(p, "relief-mb", rss));
    }

    private static ScenarioService ReadService(HoconReader r, HoconObject s)
    {
        r.RejectUnknownKeys(s, ServiceKeys);
        var tier = r.GetInt(s, "tier");
        if (tier is not (2 or 3) && HoconReader.Find(s, "tier") is { } tierNode)
        {
            r.Report(tierNode, "must be 2 or 3");
        }

        var rss = r.GetLong(s, "rss-mb", 0);
        var label = r.GetString(s, "label");
        return new ScenarioService(
            label,
            tier,
            Pid(r, s),
            r.GetString(s, "name", null) ?? label,
            rss,
            HoconReader.Find(s, "respawn-after") is { } respawn ? r.GetDuration(respawn) : null,
            r.GetLong(s, "relief-mb", rss));
    }

    /// <summary>The sentinel's view of a scenario probe; the simulated host knows it by its service name.</summary>
    private static ProbeOptions SimulatedProbe(string service, TimeSpan every, int failures) =>
        new(service, null, ProbeKind.Command, $"simulated probe of {service}", every, TimeSpan.FromSeconds(2), failures,
            [$"{SimulatedHost.Unload} {service}", $"{SimulatedHost.Load} {service}"], every * 2, null, 3);

    private static (string Service, int Pid, TimeSpan? Every, string FailsWhile) ReadProbe(HoconReader r, HoconObject p)
    {
        r.RejectUnknownKeys(p, ProbeKeys);
        var failsWhile = r.GetString(p, "fails-while", null) ?? "never";
        if (!FailsWhile.Contains(failsWhile) && HoconReader.Find(p, "fails-while") is { } node)
        {
            r.Report(node, $"must be one of {string.Join(", ", FailsWhile)}");
        }

        return (r.GetString(p, "service"), Pid(r, p), HoconReader.Find(p, "every") is { } every ? r.GetDuration(every) : null, failsWhile);
    }

    /// <summary>Pids ≤ 1 are refused here as everywhere: no guard ever signals init, nor "every process" (−1) or its own group (0).</summary>
    private static int Pid(HoconReader r, HoconObject item)
    {
        var pid = r.GetInt(item, "pid");
        if (pid <= 1 && HoconReader.Find(item, "pid") is { } node)
        {
            r.Report(node, $"must be above 1, got {pid}: pid 1 is init, 0 and -1 are process groups, none is ever signalled");
        }

        return pid;
    }

    private static ScenarioLoadResult Failed(ConfigError error) => new(null, null, [error]);

    /// <summary>Two live processes may not share an identity; a reused pid needs another start time.</summary>
    private static void CheckIdentities(HoconReader r, HoconObject root, IReadOnlyList<ScenarioProcess> processes, IReadOnlyList<ScenarioService> services)
    {
        var duplicate = processes.Select(p => (p.Pid, p.Start)).Concat(services.Select(s => (s.Pid, 0L)))
            .GroupBy(id => id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null && HoconReader.Find(root, "processes") is { } node)
        {
            r.Report(node, $"two processes share the identity pid {duplicate.Key.Pid}, start {duplicate.Key.Item2}: give a reused pid another start");
        }
    }
}
