using Sanctum.Bench;

// bench/run passes the daemon's path; --quick shortens every measurement so the whole run fits in a few minutes.
// --only race|replay|latency|holds|daemon: just that part (holds: the fsync'd write-ahead of a freeze; race: sanctumd, earlyoom, nohang on real memory; daemon: the idle published daemon beside earlyoom and nohang; hostile: reaction and heartbeat with and without 40 hostile command lines); --hog PATH: the sanctum-memhog apphost to race with; --floor PATH: the sanctum-floor apphost whose floors the daemon part measures too.
var quick = args.Contains("--quick");
var daemon = Value("--daemon");
var only = Value("--only");
var hog = Value("--hog");
var floor = Value("--floor");

var metrics = new Metrics();
if (only is null)
{
    ScanHarness.Run(quick, metrics);
    ArbitrationHarness.Run(quick, metrics);
    HoldHarness.Run(quick, metrics);
    LatencyHarness.Run(quick, metrics);
    ReplayHarness.Run(quick, metrics);
    MemoryHarness.Run(metrics);
    if (daemon is not null)
    {
        DaemonHarness.Run(daemon, floor, quick, metrics);
    }
}

switch (only)
{
    case null or "race":
        RaceHarness.Run(daemon, quick, metrics, hog);
        break;
    case "replay":
        ReplayHarness.Run(quick, metrics);
        break;
    case "latency":
        LatencyHarness.Run(quick, metrics);
        break;
    case "holds":
        HoldHarness.Run(quick, metrics);
        break;
    case "daemon" when daemon is not null:
        DaemonHarness.Run(daemon, floor, quick, metrics);
        break;
    case "hostile" when daemon is not null:
        HostileHarness.Run(daemon, quick, metrics);
        break;
    default:
        Console.Error.WriteLine($"--only {only}: unknown; the parts that run alone are race, replay, latency, holds, daemon and hostile");
        return 2;
}

metrics.Print(Console.Out);
return 0;

string? Value(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
