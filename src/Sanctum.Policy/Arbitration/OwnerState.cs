using System.Collections.Immutable;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Arbitration;

/// <summary>A valve freeze held by the owner: thawed when pressure has been calm for thaw-after, or at <see cref="Until"/>.</summary>
public sealed record FreezeLease(Requester By, string Reason, DateTimeOffset Since, DateTimeOffset Until, bool DeferralReported);

/// <summary>After a valve freeze ends (lease end, a person's thaw, an outside resume) the process runs at least a cooldown before any refreeze.</summary>
public sealed record FreezeRest(DateTimeOffset Until, string Why);

/// <summary>What the owner knows of its process beyond the row: fixed at creation from the policy.</summary>
/// <param name="DeniedReason">Non-null for denylisted and protected identities: they refuse everything.</param>
public sealed record OwnerTraits(string? DeniedReason, bool IsCritical, bool IsAllowlisted);

/// <summary>The whole state of one owner; <see cref="Arbiter"/> turns it and a request into a verdict.</summary>
public sealed record OwnerState(
    ProcRow Row,
    OwnerTraits Traits,
    FreezeLease? Lease,
    ImmutableList<DateTimeOffset> RecentFreezes,
    FreezeRest? Rest,
    DateTimeOffset? LastSignalAt,
    bool Killed)
{
    public static OwnerState Create(ProcRow row, OwnerTraits traits) =>
        new(row, traits, null, [], null, null, false);

    public ProcessIdentity Identity => Row.Identity;
}
