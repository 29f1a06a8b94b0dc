using Sanctum.Configuration;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Picking;

namespace Sanctum.Bench;

/// <summary>The shipped defaults (<c>hocon/sanctum.conf</c>, no environment) every harness runs under.</summary>
internal static class Guard
{
    public static SanctumOptions Options { get; } =
        SanctumConfigLoader.LoadOverrides(null, new Dictionary<string, string?>()).Options
        ?? throw new InvalidOperationException("the shipped defaults do not load");

    public static ArbiterSettings Arbiter { get; } = new(Options.Valve.Cooldown, Options.Valve.Lease);

    public static PickerPolicy Policy() =>
        PickerPolicy.Compile(Options.Valve.Allowlist, Options.Valve.Denylist, Options.Sentinel.Criticals, []);
}
