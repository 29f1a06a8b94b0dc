using Sanctum.Policy.Options;

namespace Sanctum.Actors.Sentinel;

/// <summary>A service probe of the sentinel, linked to the process that serves it by its <c>process</c> regex, or by <paramref name="Pid"/> (a replay's scenario probes).</summary>
public sealed record SentinelProbe(ProbeOptions Options, int? Pid = null);

/// <summary>From the sentinel: the process this probe is linked to is under a valve lease until <paramref name="Until"/> (null: it is not).</summary>
public sealed record LinkedLease(DateTimeOffset? Until);
