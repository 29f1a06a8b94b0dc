namespace Sanctum.Os.Linux;

/// <summary>Translates Linux memory PSI into the macOS-style kernel level the classifier already understands.</summary>
public static class PsiKernelLevel
{
    /// <summary>
    /// Maps the 10-second PSI averages (percent of wall time stalled on memory) to 1 NORMAL, 2 WARN,
    /// 3 URGENT, 4 CRITICAL, checked from the worst down:
    /// <list type="table">
    /// <item><term>4 CRITICAL</term><description><c>full avg10 ≥ 10</c>: every runnable task stalled at once for a tenth of the time; the machine is thrashing.</description></item>
    /// <item><term>3 URGENT</term><description><c>some avg10 ≥ 40</c> or <c>full avg10 ≥ 2</c>.</description></item>
    /// <item><term>2 WARN</term><description><c>some avg10 ≥ 10</c>.</description></item>
    /// <item><term>1 NORMAL</term><description>anything less.</description></item>
    /// </list>
    /// avg10 rather than avg60 so that a 5-second tick sees a stall within two ticks; the classifier's own
    /// debounce absorbs the extra jitter. Any <c>full</c> stall is weighted above a larger <c>some</c> stall
    /// because <c>full</c> means no task made progress at all.
    /// </summary>
    public static int From(Psi psi) => psi switch
    {
        { FullAvg10: >= CriticalFull } => 4,
        { SomeAvg10: >= UrgentSome } or { FullAvg10: >= UrgentFull } => 3,
        { SomeAvg10: >= WarnSome } => 2,
        _ => 1,
    };

    public const double CriticalFull = 10;
    public const double UrgentSome = 40;
    public const double UrgentFull = 2;
    public const double WarnSome = 10;
}
