using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Policy.Planning;
using Sanctum.Policy.Sampling;

namespace Sanctum.Policy.Rehearsal;

/// <summary>
/// Runs every pure step of the freeze path once on made-up rows at start, so the first real ORANGE does not
/// pay for compiling them: classification, confirmation, cadence, picking with the configured regexes,
/// planning at ORANGE and RED, arbitration of a freeze and a kill, and the decision projection. A cold path
/// cost the first freeze tens of milliseconds in the real-memory race. Touches nothing outside itself.
/// </summary>
public static class DecisionPathRehearsal
{
    public static void Run(ValveOptions valve, PickerPolicy policy)
    {
        var now = DateTimeOffset.UtcNow;
        var sample = new PressureSample(now, valve.Thresholds.Orange.AvailableMb, 0, 0, 1, 0);
        var raw = Classifier.Classify(sample, CompressorWindow.Empty(valve.CompressorLeak.Window).Add(sample), valve.Thresholds, valve.CompressorLeak);
        var (confirmation, _) = LevelConfirmation.Start(valve.Debounce, valve.Tick, valve.Confirm).Observe(raw.Level, now);
        _ = confirmation.RemedyLevel(now);
        _ = SamplingCadence.Next(sample, confirmation.Confirmed, valve.Thresholds, valve.Sensing, valve.Tick);

        var row = new ProcRow(int.MaxValue, 1, 64L * 1024 * 1024, "S", "sanctum-rehearsal", "sanctum-rehearsal --not-a-process");
        var ranked = Picker.Rank([row], policy);
        var entry = new AllowlistEntry("rehearsal", "sanctum-rehearsal", StopPolicy.KillAllowed, 0, 0);
        Candidate[] candidates = [.. ranked, new Candidate(row, entry, IsCritical: false)];
        var book = ValveBook.Create(valve);
        foreach (var level in new[] { PressureLevel.Orange, PressureLevel.Red })
        {
            _ = Planner.Plan(level, candidates, valve.Shed, book.Gates(now));
        }

        var settings = new ArbiterSettings(valve.Cooldown, valve.Lease);
        var state = OwnerState.Create(row, new OwnerTraits(null, false, true));
        foreach (OwnerRequest request in new OwnerRequest[] { new Freeze(Requester.Valve, "rehearsal", PressureLevel.Orange, false), new Kill(Requester.Valve, "rehearsal", PressureLevel.Red, false) })
        {
            if (Arbiter.Decide(state, request, now, settings) is SendSignal send)
            {
                var (after, outcome, reason) = Arbiter.AfterSend(state, request, Delivery.Delivered, now, settings);
                _ = DecisionRecord.Of(new SignalDecision(now, after.Identity, row.Name, row.RssMb, send.Signal, request.By, outcome, reason, request.Level));
            }
        }
    }
}
