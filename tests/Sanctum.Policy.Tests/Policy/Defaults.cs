using Sanctum.Configuration;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;

namespace Sanctum.Policy.Tests.Policy;

/// <summary>The shipped defaults (hocon/sanctum.conf), so policy tests run against what users get.</summary>
internal static class Defaults
{
    private static readonly SanctumOptions Options =
        SanctumConfigLoader.LoadOverrides(null, new Dictionary<string, string?>()).Options
        ?? throw new InvalidOperationException("the shipped defaults do not load");

    public static ValveOptions Valve => Options.Valve;

    public static IReadOnlyList<string> Criticals => Options.Sentinel.Criticals;

    /// <summary>
    /// The original valve's own picker: allowlist and denylist, no sentinel criticals. The original's named
    /// picker and planner tests ran against exactly this.
    /// </summary>
    public static PickerPolicy PickerPolicy() => Picking.PickerPolicy.Compile(Valve.Allowlist, Valve.Denylist, [], []);

    /// <summary>The picker as the daemon compiles it: the sentinel's criticals are ranked after everything else.</summary>
    public static PickerPolicy PickerPolicyWithCriticals() => Picking.PickerPolicy.Compile(Valve.Allowlist, Valve.Denylist, Criticals, []);
}
