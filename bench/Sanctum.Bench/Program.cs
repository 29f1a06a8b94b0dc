using Sanctum.Bench;

// bench/run passes the daemon's path; --quick shortens every measurement so the whole run fits in two minutes.
var quick = args.Contains("--quick");
var daemonAt = Array.IndexOf(args, "--daemon");
var daemon = daemonAt >= 0 && daemonAt + 1 < args.Length ? args[daemonAt + 1] : null;

var metrics = new Metrics();
ScanHarness.Run(quick, metrics);
ArbitrationHarness.Run(quick, metrics);
LatencyHarness.Run(quick, metrics);
ReplayHarness.Run(quick, metrics);
MemoryHarness.Run(metrics);
if (daemon is not null)
{
    DaemonHarness.Run(daemon, quick, metrics);
}

metrics.Print(Console.Out);
