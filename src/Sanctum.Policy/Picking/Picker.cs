using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Picking;

/// <summary>A process the valve may act on, with the allowlist entry that matched it.</summary>
public sealed record Candidate(ProcRow Row, AllowlistEntry Entry, bool IsCritical)
{
    public bool KillAllowedAtThisSize =>
        Entry.Policy == StopPolicy.KillAllowed && Entry.MinKillMb is { } floor && Row.RssMb >= floor;
}

/// <summary>An allow-listed process at or above its stop floor that a denylist entry or a protected pid keeps from the valve.</summary>
/// <param name="Denial">Which rule refused it: <c>denylist "sanctumd"</c> or <c>protected pid 4242</c>.</param>
public sealed record DeniedCandidate(ProcRow Row, AllowlistEntry Entry, string Denial);

/// <summary>The original <c>pick_candidate_from_rows</c>, split so the valve can walk past cooled-down candidates.</summary>
public static class Picker
{
    /// <summary>
    /// A protected pid, or a denylist entry found in the name (as a substring) or in the command line (as a
    /// whole word): absolute, no allowlist entry overrides it. Whole words in the command line, because the
    /// original's plain substring let "Dock" deny every process under /Applications/Docker.app.
    /// </summary>
    public static bool IsDenied(ProcRow row, PickerPolicy policy) => DenialOf(row, policy) is not null;

    /// <summary>The rule <see cref="IsDenied"/> applies to the row (<c>protected pid 4242</c>, <c>denylist "sanctumd"</c>), or null.</summary>
    public static string? DenialOf(ProcRow row, PickerPolicy policy) =>
        policy.ProtectedPids.Contains(row.Pid) ? $"protected pid {row.Pid}"
        : policy.Denylist.FirstOrDefault(d => row.Name.Contains(d, StringComparison.Ordinal) || ContainsWord(row.Command, d)) is { } entry ? $"denylist \"{entry}\""
        : null;

    /// <summary>A running row the allowlist would hand the valve (at or above its stop floor) had a denial not refused it; else null.</summary>
    public static DeniedCandidate? ClassifyDenied(ProcRow row, PickerPolicy policy) => ClassifyDenied(row, Match(row, policy), policy);

    /// <summary>As above, from the row's <paramref name="match"/> already made (the regexes are not run again).</summary>
    public static DeniedCandidate? ClassifyDenied(ProcRow row, RowMatch match, PickerPolicy policy) =>
        !row.IsStopped && match is { Denied: true, Entry: { } entry } && row.RssMb >= entry.MinStopMb && DenialOf(row, policy) is { } denial
            ? new DeniedCandidate(row, entry, denial)
            : null;

    public static bool IsCritical(ProcRow row, PickerPolicy policy) =>
        policy.Criticals.Any(c => ProcessPattern.Matches(c, row));

    /// <summary>The first allowlist entry (in order) whose pattern matches the name or the command line.</summary>
    public static AllowlistEntry? MatchEntry(ProcRow row, PickerPolicy policy) =>
        policy.Allowlist.FirstOrDefault(e => ProcessPattern.Matches(e.Pattern, row))?.Entry;

    /// <summary>Everything the policy says of a row by its pid, name and command line (the costly part of classifying it).</summary>
    public static RowMatch Match(ProcRow row, PickerPolicy policy) =>
        new(IsDenied(row, policy), MatchEntry(row, policy), IsCritical(row, policy));

    /// <summary>
    /// Allowlisted, not denied, at or above the entry's stop floor; stopped processes included only when
    /// <paramref name="includeStopped"/> (the RED kill escalation may still kill a frozen process).
    /// </summary>
    public static Candidate? Classify(ProcRow row, PickerPolicy policy, bool includeStopped = false) =>
        Classify(row, Match(row, policy), includeStopped);

    /// <summary><see cref="Classify(ProcRow, PickerPolicy, bool)"/> with the row's match already known.</summary>
    public static Candidate? Classify(ProcRow row, RowMatch match, bool includeStopped = false) =>
        (!includeStopped && row.IsStopped) || match.Denied || match.Entry is not { } entry || row.RssMb < entry.MinStopMb
            ? null
            : new Candidate(row, entry, match.IsCritical);

    /// <summary>Eligible candidates, worst first: every non-critical before any critical, then highest RSS.</summary>
    public static IReadOnlyList<Candidate> Rank(IEnumerable<ProcRow> rows, PickerPolicy policy, bool includeStopped = false) =>
        Rank(rows, row => Match(row, policy), includeStopped);

    /// <summary><see cref="Rank(IEnumerable{ProcRow}, PickerPolicy, bool)"/> with each row's match from <paramref name="match"/> (a <see cref="MatchCache"/>).</summary>
    public static IReadOnlyList<Candidate> Rank(IEnumerable<ProcRow> rows, Func<ProcRow, RowMatch> match, bool includeStopped = false) =>
        rows.Select(r => Classify(r, match(r), includeStopped))
            .OfType<Candidate>()
            .OrderBy(c => c.IsCritical)
            .ThenByDescending(c => c.Row.RssKb)
            .ThenBy(c => c.Row.Pid)
            .ToArray();

    /// <summary>The worst candidate, or null when nothing qualifies ("there's nothing more the valve can do").</summary>
    public static Candidate? PickWorst(IEnumerable<ProcRow> rows, PickerPolicy policy) =>
        Rank(rows, policy).FirstOrDefault();

    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }
}
