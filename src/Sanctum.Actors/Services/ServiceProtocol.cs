using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Services;

public sealed record Shed(string Label, int Tier, Requester By, string Reason, PressureLevel Level, bool DryRun);

public sealed record ShedReply(string Label, Outcome Outcome, string Reason);

/// <summary>Published whenever what the valve should know about a service changes.</summary>
/// <param name="Running">False once shed (until it is seen back), true once seen running.</param>
public sealed record ServiceStateChanged(string Label, bool Running, bool RespawnLoop, DateTimeOffset At);
