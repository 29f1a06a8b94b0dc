using System.Globalization;
using System.Net;
using System.Text;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Replay;

/// <summary>One pressure reading on the page; <see cref="T"/> is seconds from the page's start.</summary>
public sealed record IncidentPoint(double T, long AvailableMb, double SwapPercent);

/// <summary>The level in force from <see cref="T"/> until the next change.</summary>
public sealed record IncidentLevel(double T, PressureLevel Level);

/// <param name="Event">freeze, thaw, kill, shed, alert or escalation.</param>
/// <param name="Lane">The process or service acted on; the guard itself for alerts and escalations.</param>
/// <param name="Effective">False when the action was not carried out (refused, deferred, already, skipped): drawn hollow.</param>
public sealed record IncidentMark(double T, string Event, string Lane, string Text, bool Effective);

/// <summary>
/// What an incident page shows: pressure over <see cref="Duration"/> seconds, the levels as bands, the marks.
/// <see cref="Label"/> turns seconds from the start into an axis label (relative for a replay, a clock for history).
/// </summary>
public sealed record Incident(
    string Title,
    double Duration,
    IReadOnlyList<IncidentPoint> Points,
    IReadOnlyList<IncidentLevel> Levels,
    IReadOnlyList<IncidentMark> Marks,
    Func<double, string> Label);

/// <summary>
/// One self-contained HTML page of an incident, plain SVG, no script and nothing fetched: the curves, bands and
/// lanes are a few hundred shapes, each mark's reason is its SVG <c>title</c> (the browser's own hover), so a
/// charting library would add a script and a data format without showing more. The root carries
/// <c>data-marks</c> (how many marks were drawn) for scripts and tests.
/// </summary>
public static class IncidentPage
{
    private const double Width = 1100;
    private const double Left = 190;
    private const double Right = 60;
    private const double ChartTop = 20;
    private const double ChartHeight = 240;
    private const double LaneHeight = 26;
    private const double AxisHeight = 30;

    private static readonly Dictionary<PressureLevel, string> LevelColours = new()
    {
        [PressureLevel.Green] = "#e6f4ea",
        [PressureLevel.Yellow] = "#fff6cc",
        [PressureLevel.Orange] = "#ffe0c2",
        [PressureLevel.Red] = "#ffd0d0",
    };

    private static readonly Dictionary<string, string> EventColours = new()
    {
        ["freeze"] = "#1f6fd1",
        ["thaw"] = "#12a37a",
        ["kill"] = "#c81e1e",
        ["shed"] = "#8a3ffc",
        ["alert"] = "#e37400",
        ["escalation"] = "#5f6368",
    };

    /// <summary>The page of a replay: the scenario's pressure samples, its level changes and every remedy, alert and escalation.</summary>
    public static Incident Of(ReplayResult result)
    {
        var scenario = result.Scenario;
        double Seconds(DateTimeOffset at) => (at - result.Start).TotalSeconds;
        var points = scenario.Timeline.Samples
            .Select(s => (s.At, Point: scenario.Timeline.At(s.At)))
            .Select(s => new IncidentPoint(s.At.TotalSeconds, s.Point.AvailableMb, Percent(s.Point.SwapUsedMb, scenario.SwapTotalMb)))
            .ToArray();
        if (points.Length == 0 || points[0].T > 0)
        {
            points = [new IncidentPoint(0, scenario.MemoryMb, 0), .. points];
        }

        var levels = result.Decisions.OfType<LevelChanged>().Select(l => new IncidentLevel(Seconds(l.At), l.To)).ToArray();
        var marks = result.Decisions.Select(DecisionRecord.Of)
            .Select(r => MarkOf(r, Seconds(r.At)) is { } mark ? mark with { Text = ReplayReport.Relative(mark.Text, result.Start) } : null)
            .OfType<IncidentMark>()
            .ToArray();
        return new Incident(scenario.Name, scenario.Duration.TotalSeconds, points, levels, marks, t => "+" + ReplayReport.Clock((long)Math.Round(t)));
    }

    /// <summary>A decision as a mark, or null for one the page leaves out (probes, evaluations, overrides, arming).</summary>
    public static IncidentMark? MarkOf(DecisionRecord r, double t) =>
        Mark(t, r.Event ?? (r.Kind == DecisionKinds.Escalation ? "escalation" : null), r.Process is { } p ? $"{r.Name} (pid {p.Pid})" : r.Label, r.Action, r.Outcome, r.Reason);

    /// <param name="what">freeze, thaw, kill, shed, alert or escalation; null leaves the decision out.</param>
    /// <param name="target">The process or service acted on; null for the guard as a whole.</param>
    public static IncidentMark? Mark(double t, string? what, string? target, string action, string? outcome, string reason)
    {
        if (what is null)
        {
            return null;
        }

        var lane = target ?? "guard";
        var effective = outcome is null || outcome == Outcome.Applied.ToWire() || outcome == Outcome.DryRun.ToWire();
        return new IncidentMark(t, what, lane, $"{what} ({action}) {lane}: {(outcome is null ? "" : outcome + " — ")}{reason}", effective);
    }

    public static string Render(Incident incident)
    {
        var lanes = incident.Marks.Select(m => m.Lane).Distinct().OrderBy(l => l == "guard" ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal).ToArray();
        var duration = Math.Max(1, Math.Max(incident.Duration, incident.Marks.Select(m => m.T).DefaultIfEmpty(0).Max()));
        var plotWidth = Width - Left - Right;
        double X(double t) => Left + (plotWidth * Math.Clamp(t, 0, duration) / duration);
        var lanesTop = ChartTop + ChartHeight + AxisHeight;
        var height = lanesTop + (lanes.Length * LaneHeight) + 20;
        var maxAvailable = Math.Max(1, (long)(1.25 * incident.Points.Select(p => p.AvailableMb).DefaultIfEmpty(1).Max()));
        double YAvailable(long mb) => ChartTop + ChartHeight - (ChartHeight * mb / maxAvailable);
        double YSwap(double percent) => ChartTop + ChartHeight - (ChartHeight * Math.Clamp(percent, 0, 100) / 100);

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"));

        // The level as bands behind the curves and the lanes.
        var levels = incident.Levels.Count > 0 && incident.Levels[0].T > 0 ? incident.Levels.Prepend(new IncidentLevel(0, PressureLevel.Green)).ToArray() : incident.Levels.ToArray();
        for (var i = 0; i < levels.Length; i++)
        {
            var from = X(levels[i].T);
            var to = X(i + 1 < levels.Length ? levels[i + 1].T : duration);
            svg.Append(Inv($"<rect class=\"band\" x=\"{from:0.#}\" y=\"{ChartTop}\" width=\"{Math.Max(0.5, to - from):0.#}\" height=\"{height - ChartTop - 20:0.#}\" fill=\"{LevelColours[levels[i].Level]}\"><title>{levels[i].Level.ToWire()} from {Esc(incident.Label(levels[i].T))}</title></rect>"));
        }

        // Axes: available MB on the left, swap % on the right, time below.
        svg.Append(Inv($"<rect x=\"{Left}\" y=\"{ChartTop}\" width=\"{plotWidth}\" height=\"{ChartHeight}\" fill=\"none\" stroke=\"#999\"/>"));
        for (var i = 0; i <= 4; i++)
        {
            var y = ChartTop + (ChartHeight * i / 4);
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>"));
            svg.Append(Inv($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"#1a73e8\">{maxAvailable * (4 - i) / 4} MB</text>"));
            svg.Append(Inv($"<text x=\"{Left + plotWidth + 6}\" y=\"{y + 4:0.#}\" fill=\"#b31412\">{100 * (4 - i) / 4}%</text>"));
        }

        for (var i = 0; i <= 6; i++)
        {
            var t = duration * i / 6;
            svg.Append(Inv($"<line x1=\"{X(t):0.#}\" x2=\"{X(t):0.#}\" y1=\"{ChartTop + ChartHeight}\" y2=\"{ChartTop + ChartHeight + 5}\" stroke=\"#999\"/>"));
            svg.Append(Inv($"<text x=\"{X(t):0.#}\" y=\"{ChartTop + ChartHeight + 18}\" text-anchor=\"middle\">{Esc(incident.Label(t))}</text>"));
        }

        svg.Append(Step("available", incident.Points.Select(p => (X(p.T), YAvailable(p.AvailableMb))), X(duration), "#1a73e8"));
        svg.Append(Step("swap", incident.Points.Select(p => (X(p.T), YSwap(p.SwapPercent))), X(duration), "#b31412"));

        // One lane per target; the marks sit in their lane, a vertical tick joins them to the curves.
        for (var i = 0; i < lanes.Length; i++)
        {
            var y = lanesTop + (i * LaneHeight);
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{y + (LaneHeight / 2):0.#}\" y2=\"{y + (LaneHeight / 2):0.#}\" stroke=\"#ccc\"/>"));
            svg.Append(Inv($"<text class=\"lane\" x=\"{Left - 6}\" y=\"{y + (LaneHeight / 2) + 4:0.#}\" text-anchor=\"end\">{Esc(Shorten(lanes[i]))}<title>{Esc(lanes[i])}</title></text>"));
        }

        // Marks of actions carried out go on top, so a refusal moments later does not hide them.
        foreach (var mark in incident.Marks.OrderBy(m => m.Effective))
        {
            var x = X(mark.T);
            var y = lanesTop + (Array.IndexOf(lanes, mark.Lane) * LaneHeight) + (LaneHeight / 2);
            var colour = EventColours.GetValueOrDefault(mark.Event, "#333");
            var fill = mark.Effective ? colour : "#fff";
            svg.Append(Inv($"<g class=\"mark\" data-event=\"{mark.Event}\"><title>{Esc($"{incident.Label(mark.T)} {mark.Text}")}</title>"));
            svg.Append(Inv($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{ChartTop}\" y2=\"{ChartTop + ChartHeight}\" stroke=\"{colour}\" stroke-opacity=\"0.35\"/>"));
            svg.Append(Inv($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"6\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"/></g>"));
        }

        svg.Append("</svg>");

        var legend = string.Join(" ", EventColours.Select(e => $"<span><i style=\"background:{e.Value}\"></i>{e.Key}</span>"))
            + " " + string.Join(" ", LevelColours.Select(l => $"<span><i style=\"background:{l.Value};border:1px solid #ccc\"></i>{l.Key.ToWire()}</span>"))
            + " <span><i style=\"background:#fff;border:2px solid #333\"></i>not carried out</span>";
        return $$"""
            <!DOCTYPE html>
            <html lang="en" data-marks="{{incident.Marks.Count}}" data-lanes="{{lanes.Length}}">
            <head>
            <meta charset="utf-8">
            <title>{{Esc(incident.Title)}}</title>
            <style>
            body { font-family: sans-serif; margin: 16px; color: #222; }
            h1 { font-size: 18px; }
            .legend span { margin-right: 12px; white-space: nowrap; }
            .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: middle; }
            .key { color: #555; }
            svg .mark:hover circle { stroke-width: 4; }
            </style>
            </head>
            <body>
            <h1>{{Esc(incident.Title)}}</h1>
            <p class="key"><span style="color:#1a73e8">available memory (MB)</span> and <span style="color:#b31412">swap used (%)</span> over time; the background is the pressure level; one lane per target, a mark per decision (hover for its reason).</p>
            <p class="legend">{{legend}}</p>
            {{svg}}
            </body>
            </html>
            """;
    }

    private static string Step(string name, IEnumerable<(double X, double Y)> points, double end, string colour)
    {
        var path = new StringBuilder();
        (double X, double Y)? last = null;
        foreach (var p in points)
        {
            path.Append(last is null ? Inv($"M{p.X:0.#},{p.Y:0.#}") : Inv($" H{p.X:0.#} V{p.Y:0.#}"));
            last = p;
        }

        if (last is null)
        {
            return "";
        }

        path.Append(Inv($" H{end:0.#}"));
        return $"<path class=\"{name}\" d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>";
    }

    private static double Percent(long used, long total) => total <= 0 ? 0 : 100.0 * used / total;

    private static string Shorten(string lane) => lane.Length <= 26 ? lane : lane[..25] + "…";

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
