using Sanctum.Actors.Root;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Replay;
using Xunit;

namespace Sanctum.Actors.Tests.Replay;

/// <summary>Loads and replays the scenario files shipped in scenarios/ (copied next to the test assembly).</summary>
internal static class Replays
{
    public static ReplayResult Run(string file)
    {
        var loaded = ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "scenarios", file));
        Assert.True(loaded.Ok, string.Join(Environment.NewLine, loaded.Errors));
        return ReplayEngine.Run(loaded.Scenario!, GuardSettings.From(loaded.Options!, []));
    }

    public static IReadOnlyList<SignalDecision> Signals(this ReplayResult r, int pid, Outcome? outcome = null) =>
        r.Decisions.OfType<SignalDecision>().Where(s => s.Target.Pid == pid && (outcome is null || s.Outcome == outcome)).ToArray();

    public static IReadOnlyList<SignalDecision> Applied(this ReplayResult r, int pid, Signal signal) =>
        r.Signals(pid, Outcome.Applied).Where(s => s.Signal == signal).ToArray();

    public static long T(this ReplayResult r, Decision d) => ReplayReport.Seconds(r, d.At);
}
