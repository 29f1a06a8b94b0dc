using System.Globalization;
using System.Text.RegularExpressions;
using Sanctum.Actors.Gateway;
using Sanctum.Policy.Domain;
using Sanctum.Replay;

namespace Sanctum.Cli.Commands;

/// <summary>
/// The daemon's decision log as an incident page: pressure from the level changes (each carries its reading),
/// the levels as bands, and a mark per remedy, alert and escalation.
/// </summary>
public static partial class HistoryPage
{
    public static Incident Of(IReadOnlyList<DecisionView> decisions, DateTime now)
    {
        var start = decisions.Count == 0 ? now : decisions.Min(d => d.At);
        double Seconds(DateTime at) => (at - start).TotalSeconds;
        var levelRows = decisions.Where(d => d.Kind == "level").ToArray();
        var points = levelRows
            .Select(d => (d, m: Reading().Match(d.Reason)))
            .Where(x => x.m.Success)
            .Select(x => new IncidentPoint(Seconds(x.d.At), long.Parse(x.m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(x.m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToArray();
        var levels = levelRows
            .Select(d => Enum.TryParse<PressureLevel>(d.Level, ignoreCase: true, out var level) ? new IncidentLevel(Seconds(d.At), level) : null)
            .OfType<IncidentLevel>()
            .ToArray();
        var marks = decisions
            .Select(d => IncidentPage.Mark(Seconds(d.At), EventOf(d), d.Pid is { } pid ? $"{d.Target} ({pid})" : d.Target, d.Action, d.Outcome, d.Reason))
            .OfType<IncidentMark>()
            .ToArray();
        var local = start.ToLocalTime();
        return new Incident(
            $"sanctum history from {local:yyyy-MM-dd HH:mm:ss}",
            Seconds(now),
            points,
            levels,
            marks,
            t => local.AddSeconds(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture));
    }

    private static string? EventOf(DecisionView d) => (d.Kind, d.Action) switch
    {
        ("signal", "SIGSTOP") => "freeze",
        ("signal", "SIGCONT") => "thaw",
        ("signal", "SIGKILL") => "kill",
        ("shed", _) => "shed",
        ("alert", _) => "alert",
        ("escalation", _) => "escalation",
        _ => null,
    };

    /// <summary>A level change's reason: <c>available 3900 MB, swap 82.4%, kernel 2</c>.</summary>
    [GeneratedRegex(@"available (\d+) MB, swap ([\d.]+)%")]
    private static partial Regex Reading();
}
