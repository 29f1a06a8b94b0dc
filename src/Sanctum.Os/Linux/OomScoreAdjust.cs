using System.Globalization;

namespace Sanctum.Os.Linux;

public enum OomAdjustOutcome
{
    /// <summary>Written: <see cref="OomAdjustResult.Before"/> → <see cref="OomAdjustResult.After"/>.</summary>
    Lowered,

    /// <summary>Already at or below the target; left alone.</summary>
    AlreadyLow,

    /// <summary>Lowering needs CAP_SYS_RESOURCE, which an unprivileged daemon lacks.</summary>
    NotPermitted,

    /// <summary>No <c>oom_score_adj</c> here (not Linux, or procfs not mounted), or it did not read as a number.</summary>
    NotAvailable,
}

public sealed record OomAdjustResult(OomAdjustOutcome Outcome, int? Before, int? After, string? Detail = null)
{
    public override string ToString() => Outcome switch
    {
        OomAdjustOutcome.Lowered => $"oom_score_adj lowered from {Before} to {After}",
        OomAdjustOutcome.AlreadyLow => $"oom_score_adj already {Before}",
        OomAdjustOutcome.NotPermitted => $"oom_score_adj left at {Before}: not permitted",
        _ => "oom_score_adj not available" + (Detail is null ? "" : $": {Detail}"),
    };
}

/// <summary>Makes the guard one of the last things the kernel OOM killer picks, where it is allowed to.</summary>
public static class OomScoreAdjust
{
    /// <summary>Low enough to outlive almost everything, short of -1000, which would make the guard unkillable.</summary>
    public const int Target = -900;

    /// <summary>Lowers <c>&lt;procRoot&gt;/self/oom_score_adj</c> to <see cref="Target"/>. Never throws.</summary>
    public static OomAdjustResult TryLower(string procRoot = "/proc")
    {
        var path = Path.Join(procRoot, "self", "oom_score_adj");
        int before;
        try
        {
            if (!int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out before))
                return new OomAdjustResult(OomAdjustOutcome.NotAvailable, null, null, $"{path} is not a number");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new OomAdjustResult(OomAdjustOutcome.NotAvailable, null, null, e.Message);
        }

        if (before <= Target)
            return new OomAdjustResult(OomAdjustOutcome.AlreadyLow, before, before);
        try
        {
            File.WriteAllText(path, Target.ToString(CultureInfo.InvariantCulture));
            return new OomAdjustResult(OomAdjustOutcome.Lowered, before, Target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new OomAdjustResult(OomAdjustOutcome.NotPermitted, before, before, e.Message);
        }
    }
}
