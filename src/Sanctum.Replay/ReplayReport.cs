using System.Globalization;
using System.Text;
using System.Text.Json;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Replay;

/// <summary>Totals for the report's last line; <see cref="Signals"/> counts applied signals only.</summary>
public sealed record ReplaySummary(long T, IReadOnlyDictionary<string, int> Signals, int Sheds, PressureLevel MaxLevel, int Escalations, int Alerts);

/// <summary>
/// Turns a replay's decisions into the contract of ../shared/scenarios/README.md: one JSON object per
/// line in time order with the summary last (<c>--json</c>), or the same as a readable timeline.
/// </summary>
public static class ReplayReport
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
            result.Decisions.OfType<AlertDecision>().Count());
    }

    public static IEnumerable<string> JsonLines(ReplayResult result)
    {
        foreach (var decision in result.Decisions)
        {
            if (Json(decision, Seconds(result, decision.At)) is { } line)
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
            if (Text(decision) is { } text)
            {
                yield return $"{Clock(Seconds(result, decision.At))}  {text}";
            }
        }

        var s = Summarize(result);
        yield return $"summary: SIGSTOP {s.Signals["SIGSTOP"]}, SIGCONT {s.Signals["SIGCONT"]}, SIGKILL {s.Signals["SIGKILL"]} applied; " +
                     $"{s.Sheds} sheds; {s.Escalations} escalations; {s.Alerts} alerts; max level {s.MaxLevel.ToWire()}";
    }

    public static long Seconds(ReplayResult result, DateTimeOffset at) => (long)Math.Round((at - result.Start).TotalSeconds);

    private static string? Json(Decision decision, long t)
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("t", t);
            switch (decision)
            {
                case LevelChanged l:
                    w.WriteString("kind", "level");
                    w.WriteString("level", l.To.ToWire());
                    w.WriteString("from", l.From.ToWire());
                    break;
                case SignalDecision s:
                    w.WriteString("kind", "signal");
                    w.WriteString("signal", s.Signal.ToWire());
                    w.WriteNumber("pid", s.Target.Pid);
                    w.WriteNumber("start", s.Target.StartTime);
                    w.WriteString("name", s.Name);
                    w.WriteString("by", s.By.ToWire());
                    w.WriteString("outcome", s.Outcome.ToWire());
                    w.WriteString("reason", s.Reason);
                    break;
                case ShedDecision s:
                    w.WriteString("kind", "shed");
                    w.WriteString("label", s.Label);
                    w.WriteString("by", s.By.ToWire());
                    w.WriteString("outcome", s.Outcome.ToWire());
                    w.WriteString("reason", s.Reason);
                    break;
                case EvaluationDecision e:
                    w.WriteString("kind", "evaluation");
                    w.WriteString("target", e.Target);
                    w.WriteBoolean("effective", e.Effective);
                    if (e.OfRecovery)
                    {
                        w.WriteString("of", "recovery");
                    }
                    else
                    {
                        w.WriteNumber("delta-mb", e.DeltaMb);
                    }

                    if (e.SkipFor is { } skip)
                    {
                        w.WriteNumber("skip-seconds", (long)skip.TotalSeconds);
                    }

                    break;
                case ProbeDecision p:
                    w.WriteString("kind", "probe");
                    w.WriteString("service", p.Service);
                    w.WriteBoolean("passed", p.Passed);
                    w.WriteNumber("failures", p.Failures);
                    w.WriteNumber("of", p.Of);
                    w.WriteBoolean("counted", p.Counted);
                    w.WriteString("reason", p.Reason);
                    break;
                case RecoveryDecision r:
                    w.WriteString("kind", "recovery");
                    w.WriteString("service", r.Service);
                    w.WriteString("by", "sentinel");
                    w.WriteString("outcome", r.Outcome.ToWire());
                    w.WriteString("reason", r.Reason);
                    break;
                case EscalationDecision e:
                    w.WriteString("kind", "escalation");
                    w.WriteString("by", "valve");
                    w.WriteString("from", e.From);
                    w.WriteString("to", e.To);
                    w.WriteString("reason", e.Reason);
                    break;
                case AlertDecision a:
                    w.WriteString("kind", "alert");
                    w.WriteString("level", a.Level.ToWire());
                    w.WriteString("reason", a.Reason);
                    break;
                case RespawnLoopDecision r:
                    w.WriteString("kind", "alert");
                    w.WriteString("label", r.Label);
                    w.WriteString("reason", $"respawn loop: brought back {r.RespawnsInLastHour} times in an hour; no longer shed");
                    break;
                default:
                    return null;
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
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string? Text(Decision decision) => decision switch
    {
        LevelChanged l => $"level {l.From.ToWire()} -> {l.To.ToWire()} (available {l.Sample.AvailableMb} MB, swap {l.Sample.SwapPercent:0.#}%, kernel {l.Sample.KernelLevel})",
        SignalDecision s => $"{s.Signal.ToWire(),-7} {s.Name} (pid {s.Target.Pid}, start {s.Target.StartTime}) by {s.By.ToWire()}: {s.Outcome.ToWire()} — {s.Reason}",
        ShedDecision s => $"SHED    {s.Label} by {s.By.ToWire()}: {s.Outcome.ToWire()} — {s.Reason}",
        EvaluationDecision { OfRecovery: true } e => $"EVAL    {e.Target} recovery: {(e.Effective ? "effective" : "ineffective")}" + (e.SkipFor is { } k ? $"; next recovery not before {k.TotalMinutes:0} min" : ""),
        EvaluationDecision e => $"EVAL    {e.Target}: {(e.Effective ? "effective" : "ineffective")}, moved {e.DeltaMb} MB" + (e.SkipFor is { } k ? $"; skipped for {k.TotalMinutes:0} min" : ""),
        ProbeDecision { Passed: true } p => $"PROBE   {p.Service} passed — {p.Reason}",
        ProbeDecision { Counted: true } p => $"PROBE   {p.Service} failed ({p.Failures}/{p.Of}) — {p.Reason}",
        ProbeDecision p => $"PROBE   {p.Service} failed, not counted — {p.Reason}",
        RecoveryDecision r => $"RECOVER {r.Service} by sentinel: {r.Outcome.ToWire()} — {r.Reason}",
        EscalationDecision e => $"ESCALATE {e.From} -> {e.To}: {e.Reason}",
        AlertDecision a => $"ALERT   {a.Reason}",
        RespawnLoopDecision r => $"ALERT   respawn loop: {r.Label} brought back {r.RespawnsInLastHour} times in an hour; no longer shed",
        _ => null,
    };

    private static string Clock(long seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(seconds >= 86_400 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
