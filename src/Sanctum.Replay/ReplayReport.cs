using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Replay;

/// <summary>Totals for the report's last line; <see cref="Signals"/> counts applied signals only.</summary>
/// <param name="FirstRemedyMs">From the first reading at ORANGE or worse to the first remedy (freeze, kill or shed; applied or dry-run); null when none came.</param>
public sealed record ReplaySummary(long T, IReadOnlyDictionary<string, int> Signals, int Sheds, PressureLevel MaxLevel, int Escalations, int Alerts, long? FirstRemedyMs);

/// <summary>
/// Turns a replay's decisions into the contract of docs/scenarios.md: one JSON object per
/// line in time order with the summary last (<c>--json</c>), or the same as a readable timeline.
/// </summary>
public static partial class ReplayReport
{
    public static ReplaySummary Summarize(ReplayResult result)
    {
        var applied = result.Decisions.OfType<SignalDecision>().Where(s => s.Outcome == Outcome.Applied).ToArray();
        var signals = new[] { Signal.Stop, Signal.Continue, Signal.Kill }
            .ToDictionary(s => s.ToWire(), s => applied.Count(a => a.Signal == s));
        var maxLevel = result.Decisions.OfType<LevelChanged>().Select(l => l.To).DefaultIfEmpty(PressureLevel.Green).Max();
        return new ReplaySummary(
            (long)result.Scenario.Duration.TotalSeconds,
            signals,
            result.Decisions.OfType<ShedDecision>().Count(s => s.Outcome == Outcome.Applied),
            maxLevel,
            result.Decisions.OfType<EscalationDecision>().Count(),
            result.Decisions.OfType<AlertDecision>().Count(),
            FirstRemedyMs(result));
    }

    private static long? FirstRemedyMs(ReplayResult result)
    {
        if (result.RawRises.FirstOrDefault(r => r.To >= PressureLevel.Orange) is not { } first)
        {
            return null;
        }

        var remedy = result.Decisions.FirstOrDefault(d => d.At >= first.At && IsRemedy(d));
        return remedy is null ? null : (long)Math.Round((remedy.At - first.At).TotalMilliseconds);
    }

    private static bool IsRemedy(Decision d) => d switch
    {
        SignalDecision s => s.By == Requester.Valve && s.Signal is Signal.Stop or Signal.Kill && s.Outcome is Outcome.Applied or Outcome.DryRun,
        ShedDecision s => s.Outcome is Outcome.Applied or Outcome.DryRun,
        _ => false,
    };

    public static IEnumerable<string> JsonLines(ReplayResult result)
    {
        foreach (var decision in result.Decisions)
        {
            if (Json(decision, Time(result, decision.At)) is { } line)
            {
                yield return line;
            }
        }

        yield return SummaryJson(Summarize(result));
    }

    public static IEnumerable<string> Timeline(ReplayResult result)
    {
        yield return $"replay: {result.Scenario.Name} ({Clock((long)result.Scenario.Duration.TotalSeconds)} simulated)";
        foreach (var decision in result.Decisions)
        {
            if (DecisionRecord.Of(decision).Line is { } text)
            {
                yield return $"{Clock(Seconds(result, decision.At))}  {Relative(text, result.Start)}";
            }
        }

        var s = Summarize(result);
        yield return $"summary: SIGSTOP {s.Signals["SIGSTOP"]}, SIGCONT {s.Signals["SIGCONT"]}, SIGKILL {s.Signals["SIGKILL"]} applied; " +
                     $"{s.Sheds} sheds; {s.Escalations} escalations; {s.Alerts} alerts; max level {s.MaxLevel.ToWire()}; " +
                     (s.FirstRemedyMs is { } ms ? $"first remedy {ms} ms after the first ORANGE reading" : "no remedy");
    }

    public static long Seconds(ReplayResult result, DateTimeOffset at) => (long)Math.Round((at - result.Start).TotalSeconds);

    /// <summary>Simulated seconds since the start, to the millisecond (a whole number prints without decimals).</summary>
    public static double Time(ReplayResult result, DateTimeOffset at) => Math.Round((at - result.Start).TotalSeconds, 3);

    private static string? Json(Decision decision, double t)
    {
        var record = DecisionRecord.Of(decision);
        if (record.Fields is not { } fields)
        {
            return null;
        }

        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("t", t);
            w.WriteString("kind", record.Kind);
            foreach (var field in fields)
            {
                switch (field.Value)
                {
                    case bool flag:
                        w.WriteBoolean(field.Name, flag);
                        break;
                    case long number:
                        w.WriteNumber(field.Name, number);
                        break;
                    default:
                        w.WriteString(field.Name, field.Value.ToString());
                        break;
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string SummaryJson(ReplaySummary s)
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("t", s.T);
            w.WriteString("kind", "summary");
            w.WriteStartObject("signals");
            foreach (var (name, count) in s.Signals)
            {
                w.WriteNumber(name, count);
            }

            w.WriteEndObject();
            w.WriteNumber("sheds", s.Sheds);
            w.WriteString("max-level", s.MaxLevel.ToWire());
            w.WriteNumber("escalations", s.Escalations);
            w.WriteNumber("alerts", s.Alerts);
            if (s.FirstRemedyMs is { } ms)
            {
                w.WriteNumber("first-remedy-ms", ms);
            }
            else
            {
                w.WriteNull("first-remedy-ms");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Every ISO time in <paramref name="text"/> (reasons carry them: "until 2100-01-01T00:30:05Z") as <c>+hh:mm:ss</c> from <paramref name="start"/>.</summary>
    public static string Relative(string text, DateTimeOffset start) =>
        IsoTime().Replace(text, m => DateTimeOffset.TryParse(m.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at < start ? "-" : "+") + Clock((long)Math.Round(Math.Abs((at - start).TotalSeconds)))
            : m.Value);

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")]
    private static partial Regex IsoTime();

    internal static string Clock(long seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(seconds >= 86_400 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
