using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Picking;

/// <summary>Whether a row is denied, which allowlist entry it matches and whether it is critical.</summary>
public sealed record RowMatch(bool Denied, AllowlistEntry? Entry, bool IsCritical);

/// <summary>
/// Each process matched once: a row's <see cref="RowMatch"/> is kept per identity while its name and command
/// line stay the same, so the regexes run when a process appears (or execs), not on every reading of the table.
/// </summary>
public sealed class MatchCache(PickerPolicy policy)
{
    private Dictionary<ProcessIdentity, Known> _known = [];

    public RowMatch Of(ProcRow row)
    {
        if (_known.TryGetValue(row.Identity, out var known) && known.Name == row.Name && known.Command == row.Command)
        {
            return known.Match;
        }

        var match = Picker.Match(row, policy);
        _known[row.Identity] = new Known(row.Name, row.Command, match);
        return match;
    }

    /// <summary>Forgets every identity not in <paramref name="rows"/> (the current table), so the cache holds only live processes.</summary>
    public void Retain(IEnumerable<ProcRow> rows)
    {
        var kept = new Dictionary<ProcessIdentity, Known>();
        foreach (var row in rows)
        {
            if (_known.TryGetValue(row.Identity, out var known))
            {
                kept[row.Identity] = known;
            }
        }

        _known = kept;
    }

    private sealed record Known(string Name, string Command, RowMatch Match);
}
