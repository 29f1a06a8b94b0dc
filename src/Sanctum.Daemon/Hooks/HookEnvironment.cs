using System.Globalization;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Hooks;

/// <summary>A decision as a hook sees it: the <c>SANCTUM_*</c> variables of design §12, from its one projection (<see cref="DecisionRecord"/>).</summary>
public static class HookEnvironment
{
    public static IReadOnlyDictionary<string, string> Of(DecisionRecord r, string command, bool dryRun) => new Dictionary<string, string>
    {
        ["SANCTUM_EVENT"] = r.Event ?? r.Kind,
        ["SANCTUM_PID"] = r.Process is { } p ? p.Pid.ToString(CultureInfo.InvariantCulture) : "",
        ["SANCTUM_START"] = r.Process is { } s ? s.StartTime.ToString(CultureInfo.InvariantCulture) : "",
        ["SANCTUM_NAME"] = r.Name ?? "",
        ["SANCTUM_COMMAND"] = command,
        ["SANCTUM_RSS_MB"] = r.RssMb?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["SANCTUM_TARGET"] = r.Label ?? r.Target ?? "",
        ["SANCTUM_LEVEL"] = r.Level?.ToWire() ?? "",
        ["SANCTUM_BY"] = r.By ?? "",
        ["SANCTUM_OUTCOME"] = r.Outcome ?? "",
        ["SANCTUM_REASON"] = r.Reason,
        ["SANCTUM_DRY_RUN"] = dryRun ? "1" : "0",
    };
}
