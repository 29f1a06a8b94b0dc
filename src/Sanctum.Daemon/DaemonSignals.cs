using System.Runtime.InteropServices;
using Serilog;

namespace Sanctum.Daemon;

/// <summary>
/// Catchable signals whose default action would end the daemon on the spot, leaving what it froze stopped: each is
/// logged and ignored, so the guard keeps guarding (SIGTERM, SIGINT and SIGQUIT stop it cleanly, thawing on the
/// way, through the host's console lifetime). SIGHUP does not reload the configuration: the options are built
/// into the actors at start, so a restart is the one way to apply a change (docs/daemon.md).
/// </summary>
public sealed class DaemonSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations;

    private DaemonSignals(List<PosixSignalRegistration> registrations) => _registrations = registrations;

    /// <summary>By name, with their numbers on this OS (PosixSignal has no member for most; raw numbers are accepted).</summary>
    public static IReadOnlyList<(string Name, PosixSignal Signal)> Ignored { get; } =
    [
        ("SIGHUP", PosixSignal.SIGHUP),
        .. (OperatingSystem.IsMacOS()
            ? new[] { ("SIGUSR1", 30), ("SIGUSR2", 31), ("SIGALRM", 14), ("SIGXCPU", 24), ("SIGXFSZ", 25), ("SIGVTALRM", 26), ("SIGPROF", 27) }
            : [("SIGUSR1", 10), ("SIGUSR2", 12), ("SIGALRM", 14), ("SIGSTKFLT", 16), ("SIGXCPU", 24), ("SIGXFSZ", 25), ("SIGVTALRM", 26), ("SIGPROF", 27), ("SIGIO", 29), ("SIGPWR", 30)])
            .Select(s => (s.Item1, (PosixSignal)s.Item2)),
    ];

    public static DaemonSignals IgnoreAll()
    {
        if (OperatingSystem.IsWindows())
        {
            return new DaemonSignals([]);
        }

        return new DaemonSignals([.. Ignored.Select(s => PosixSignalRegistration.Create(s.Signal, context =>
        {
            context.Cancel = true;
            if (s.Signal == PosixSignal.SIGHUP)
            {
                Log.Warning("SIGHUP ignored: restart to reload the configuration");
            }
            else
            {
                Log.Warning("{Signal} ignored: sanctumd stops only on SIGTERM, SIGINT or SIGQUIT, thawing what it froze", s.Name);
            }
        }))]);
    }

    public void Dispose() => _registrations.ForEach(r => r.Dispose());
}
