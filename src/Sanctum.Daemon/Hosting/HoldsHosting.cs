using Sanctum.Ledger;
using Sanctum.Ports;
using Serilog;

namespace Sanctum.Daemon.Hosting;

public static class HoldsHosting
{
    /// <summary>
    /// Every SIGSTOP the guard sends is first written to <paramref name="holds"/> (<see cref="WriteAheadSignalPort"/>);
    /// pass the same journal to <c>WithSanctumLedger</c> and <c>WithSanctumThawOnStop</c>, which undo what a crash left.
    /// </summary>
    public static HostPorts WithWriteAheadHolds(this HostPorts ports, IHoldJournal holds) =>
        ports with
        {
            Signals = new WriteAheadSignalPort(ports.Signals, holds, () => DateTimeOffset.UtcNow,
                (target, problem) => Log.Error("freeze of {Target} refused: {Problem}", target.ToString(), problem)),
        };
}
