using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Arbitration;

public sealed record ArbiterSettings(TimeSpan Cooldown, LeaseOptions Lease);

/// <summary>The arbiter's answer before anything is sent: either send <see cref="Signal"/>, or a final reply.</summary>
public abstract record Verdict;

public sealed record SendSignal(Signal Signal) : Verdict;

/// <param name="Publish">False for a repeat deferral under the same lease: answered, but not recorded again.</param>
public sealed record Final(Outcome Outcome, string Reason, DateTimeOffset? Until = null, bool Publish = true) : Verdict;

/// <summary>
/// The arbitration rules of design §4, as pure functions of the owner's state. In order:
/// denied identities refuse everything; a stopped process is never frozen again; a valve freeze takes a
/// lease, a cooldown and a slot of max-freezes-per-hour; a sentinel resume under a live lease is deferred
/// to the lease end; criticals are frozen only at ORANGE or worse; whatever ends a valve freeze (the lease,
/// a person, an outside resume) drops the lease and leaves the process running for at least a cooldown
/// before any refreeze; kills only at RED, and they reach stopped processes.
/// </summary>
public static class Arbiter
{
    public static Verdict Decide(OwnerState s, OwnerRequest request, DateTimeOffset now, ArbiterSettings settings)
    {
        if (s.Traits.DeniedReason is { } denied)
        {
            return new Final(Outcome.Refused, denied);
        }

        if (s.Killed)
        {
            return new Final(Outcome.Refused, "already killed");
        }

        return request switch
        {
            Freeze f => DecideFreeze(s, f, now, settings),
            Resume r => DecideResume(s, r, now),
            Kill k => k.Level < PressureLevel.Red
                ? new Final(Outcome.Refused, $"kills are reserved for RED (level is {k.Level.ToWire()})")
                : new SendSignal(Signal.Kill),
            _ => new Final(Outcome.Refused, "unknown request"),
        };
    }

    private static Verdict DecideFreeze(OwnerState s, Freeze f, DateTimeOffset now, ArbiterSettings settings)
    {
        if (s.Row.IsStopped)
        {
            return new Final(Outcome.Already, $"already stopped (state {s.Row.State}); not frozen again");
        }

        if (s.Lease is { } held)
        {
            return new Final(Outcome.Already, $"already frozen by the valve (state {s.Row.State}, the stop lands when it leaves it); not frozen again", held.Until);
        }

        if (s.Traits.IsCritical && f.Level < PressureLevel.Orange)
        {
            return new Final(Outcome.Refused, "critical process: frozen only at ORANGE or worse");
        }

        if (s.Rest is { } rest && now < rest.Until)
        {
            return new Final(Outcome.Refused, $"{rest.Why}; not refrozen before {AuditTime.Format(rest.Until)}", rest.Until);
        }

        var recent = RecentFreezes(s, now);
        if (recent.Count > 0 && now < Later.Than(recent[^1], settings.Cooldown))
        {
            var next = Later.Than(recent[^1], settings.Cooldown);
            return new Final(Outcome.Refused, $"cooldown: frozen at {AuditTime.Format(recent[^1])}, next freeze allowed at {AuditTime.Format(next)}", next);
        }

        if (recent.Count >= settings.Lease.MaxFreezesPerHour)
        {
            return new Final(Outcome.Refused, $"max-freezes-per-hour ({settings.Lease.MaxFreezesPerHour}) reached: escalate instead of refreezing");
        }

        return new SendSignal(Signal.Stop);
    }

    private static Verdict DecideResume(OwnerState s, Resume r, DateTimeOffset now)
    {
        // Under a lease the process is stopped or about to be (a stop waits out an uninterruptible sleep): a
        // resume must still be sent, or the pending stop would land after the thaw and never be undone.
        if (!s.Row.IsStopped && s.Lease is null)
        {
            // The sentinel's scan can trail a thaw by one table reading; that no-op is answered but not recorded.
            return new Final(Outcome.Already, "not stopped", Publish: r.By != Requester.Sentinel);
        }

        if (s.Lease is null && r.OwnUid is { } own && s.Row.Uid is { } uid && uid != own)
        {
            return new Final(Outcome.Refused, $"stopped outside the guard and owned by uid {uid}, not the daemon's uid {own}: only its own user's processes are thawed");
        }

        if (s.Lease is { } lease && r.By == Requester.Sentinel && now < lease.Until)
        {
            return new Final(
                Outcome.Deferred,
                $"frozen by the valve under a lease until {AuditTime.Format(lease.Until)} at the latest ({lease.Reason}); resumed when the lease ends",
                lease.Until,
                Publish: !lease.DeferralReported);
        }

        return new SendSignal(Signal.Continue);
    }

    /// <summary>The state after a decision that sent nothing (a deferral marks the lease as reported).</summary>
    public static OwnerState AfterFinal(OwnerState s, Final final) =>
        final.Outcome == Outcome.Deferred && s.Lease is { } lease ? s with { Lease = lease with { DeferralReported = true } } : s;

    /// <summary>Dry-run: the freeze slot and cooldown are consumed so a would-have line repeats only once per cooldown.</summary>
    public static OwnerState AfterDryRun(OwnerState s, OwnerRequest request, DateTimeOffset now) =>
        request is Freeze ? s with { RecentFreezes = RecentFreezes(s, now).Add(now) } : s;

    public static (OwnerState State, Outcome Outcome, string Reason) AfterSend(
        OwnerState s, OwnerRequest request, Delivery delivery, DateTimeOffset now, ArbiterSettings settings)
    {
        if (delivery != Delivery.Delivered)
        {
            var why = delivery switch
            {
                Delivery.Gone => "process gone (exited, or its pid now belongs to another process)",
                Delivery.NotPermitted => "not permitted to signal this process",
                _ => "the signal could not be sent",
            };
            return (s, Outcome.Refused, why);
        }

        var state = s with { LastSignalAt = now };
        switch (request)
        {
            case Freeze f:
                state = state with
                {
                    Row = s.Row with { State = "T" },
                    Lease = new FreezeLease(f.By, f.Reason, now, Later.Than(now, settings.Lease.Max), false),
                    RecentFreezes = RecentFreezes(s, now).Add(now),
                };
                break;
            case Resume r:
                state = state with
                {
                    Row = s.Row with { State = "S" },
                    Lease = null,
                    Rest = s.Lease is null && r.By != Requester.User
                        ? s.Rest
                        : new FreezeRest(Later.Than(now, settings.Cooldown), r.By == Requester.Lease ? "thawed at the end of its lease" : $"thawed by {r.By.ToWire()}"),
                };
                break;
            case Kill:
                state = state with { Lease = null, Killed = true };
                break;
        }

        return (state, Outcome.Applied, request.Reason);
    }

    /// <summary>
    /// How long after our last signal a reading may still show the state from before it. A SIGSTOP takes effect
    /// when the target is next scheduled, which on a loaded host can be well after <c>kill</c> returned; a
    /// reading begun inside this window proves nothing about an outside resume.
    /// </summary>
    public static readonly TimeSpan SignalSettle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Takes the scanner's reading. A process the valve holds frozen that is seen running again in a reading
    /// begun <see cref="SignalSettle"/> after our last signal was resumed from outside: the lease is dropped, and
    /// no refreeze for the cooldown. A stop still settling, or one waiting for an uninterruptible sleep (D) to end,
    /// keeps the lease.
    /// </summary>
    public static (OwnerState State, bool ExternalOverride) Observe(OwnerState s, ProcRow row, DateTimeOffset readAt, DateTimeOffset now, ArbiterSettings settings)
    {
        var settled = s.LastSignalAt is not { } last || readAt >= last + SignalSettle;
        if (!settled)
        {
            return (s with { Row = row with { State = s.Row.State } }, false);
        }

        if (s.Lease is not null && row.IsRunning)
        {
            return (s with { Row = row, Lease = null, Rest = new FreezeRest(Later.Than(now, settings.Cooldown), "resumed from outside the guard") }, true);
        }

        return (s with { Row = row }, false);
    }

    /// <summary>
    /// Re-installs a valve lease recorded before a restart. Only a process still stopped, not denied and
    /// holding no lease takes it; the freeze counts toward the cooldown and max-freezes-per-hour again.
    /// </summary>
    public static (OwnerState State, string? Refusal) Adopt(OwnerState s, FreezeLease lease, DateTimeOffset now)
    {
        var refusal = s switch
        {
            { Traits.DeniedReason: { } denied } => denied,
            { Killed: true } => "already killed",
            { Row.IsStopped: false } => "not stopped any more",
            { Lease: not null } => "already holds a lease",
            _ when lease.Until <= now => "the lease has already ended",
            _ => null,
        };
        return refusal is null
            ? (s with { Lease = lease with { DeferralReported = false }, RecentFreezes = RecentFreezes(s, now).Add(lease.Since) }, null)
            : (s, refusal);
    }

    private static System.Collections.Immutable.ImmutableList<DateTimeOffset> RecentFreezes(OwnerState s, DateTimeOffset now) =>
        s.RecentFreezes.RemoveAll(t => now - t >= TimeSpan.FromHours(1));

}
