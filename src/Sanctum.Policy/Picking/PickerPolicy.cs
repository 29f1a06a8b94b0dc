using System.Text.RegularExpressions;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Picking;

/// <summary>An allowlist entry whose pattern compiled.</summary>
public sealed record CompiledEntry(AllowlistEntry Entry, Regex Pattern);

/// <summary>
/// Everything the picker needs, compiled once per configuration. A pattern that does not compile is
/// reported in <see cref="Warnings"/> and its entry skipped; the others keep working.
/// </summary>
public sealed record PickerPolicy(
    IReadOnlyList<CompiledEntry> Allowlist,
    IReadOnlyList<string> Denylist,
    IReadOnlyList<Regex> Criticals,
    IReadOnlySet<int> ProtectedPids,
    IReadOnlyList<string> Warnings)
{
    /// <param name="protectedPids">pid 1, the daemon itself and its parent: never candidates, whatever the config says.</param>
    public static PickerPolicy Compile(
        IReadOnlyList<AllowlistEntry> allowlist,
        IReadOnlyList<string> denylist,
        IReadOnlyList<string> criticals,
        IEnumerable<int> protectedPids)
    {
        var warnings = new List<string>();
        var entries = new List<CompiledEntry>();
        foreach (var entry in allowlist)
        {
            if (ProcessPattern.TryCompile(entry.Match, out var error) is { } regex)
            {
                entries.Add(new CompiledEntry(entry, regex));
            }
            else
            {
                warnings.Add($"allowlist regex compile failed: entry \"{entry.Name}\" pattern \"{entry.Match}\": {error}");
            }
        }

        var criticalPatterns = new List<Regex>();
        foreach (var pattern in criticals)
        {
            if (ProcessPattern.TryCompile(pattern, out var error) is { } regex)
            {
                criticalPatterns.Add(regex);
            }
            else
            {
                warnings.Add($"criticals regex compile failed: pattern \"{pattern}\": {error}");
            }
        }

        var pids = new HashSet<int>(protectedPids) { 1 };
        return new PickerPolicy(entries, denylist.Where(d => d.Length > 0).ToArray(), criticalPatterns, pids, warnings);
    }
}
