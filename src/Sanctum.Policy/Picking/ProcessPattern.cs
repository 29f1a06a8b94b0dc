using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Picking;

/// <summary>
/// The regexes of the allowlist, the criticals and the probes run over names and command lines that other users
/// write, so they match in linear time (<see cref="RegexOptions.NonBacktracking"/>) over a bounded text
/// (<see cref="ProcRow.MaxTextChars"/>). Only whether a pattern matches is asked, so lazy quantifiers are fine;
/// backreferences, lookarounds and atomic groups cannot be matched that way and are refused.
/// </summary>
public static class ProcessPattern
{
    /// <summary>
    /// Building a linear-time matcher costs about a millisecond a pattern, and the daemon's start asks for each one
    /// three times (the config check, the picker's policy, the sentinel), on the path to the first heartbeat. A
    /// <see cref="Regex"/> is safe to share; the keys are the config's patterns, which a process reads once.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled pattern, or null with <paramref name="error"/> saying why it cannot be used.</summary>
    public static Regex? TryCompile(string pattern, out string error)
    {
        try
        {
            error = "";
            return Compiled.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }
        catch (NotSupportedException)
        {
            error = "backreferences, lookarounds and atomic groups are not supported (patterns are matched in linear time)";
        }

        return null;
    }

    public static bool Matches(Regex pattern, ProcRow row) => pattern.IsMatch(row.Name) || pattern.IsMatch(row.Command);
}
