using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

// sanctum-memhog: allocates native memory at a paced rate, touching every 4 KiB page so it is really resident,
// up to a hard cap, then holds it. Used by the bench's race and by end-to-end tests. Its command line (and, run
// through the apphost, its comm) contains `sanctum-memhog`, so an allowlist regex can match it.
//   --rate MB/s   allocation rate (default 200)
//   --cap MB      stop allocating at this much (default 1000; more than 1024 is refused)
//   --hold        after the cap, sleep holding the memory (the default)
//   --exit        after the cap, exit instead
//   --report FILE on SIGTERM write "sigterm <unix-ms> <allocated-mb>" to FILE and exit
//   --wait        print the pid line, then wait for a line on stdin before allocating (lets a harness set
//                 the hog up, e.g. its oom_score_adj, and start a guard first)
const int MaxCapMb = 1024;
const int ChunkMb = 4;
const int PageSize = 4096;

double rate = 200;
var capMb = 1000;
var hold = true;
string? report = null;
var wait = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rate" when i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0:
            rate = r;
            i++;
            break;
        case "--cap" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0:
            capMb = c;
            i++;
            break;
        case "--hold":
            hold = true;
            break;
        case "--exit":
            hold = false;
            break;
        case "--wait":
            wait = true;
            break;
        case "--report" when i + 1 < args.Length:
            report = args[++i];
            break;
        default:
            Console.Error.WriteLine($"sanctum-memhog: bad argument '{args[i]}'");
            Console.Error.WriteLine("usage: sanctum-memhog [--rate MB/s] [--cap MB (<= 1024)] [--hold | --exit] [--report FILE] [--wait]");
            return 2;
    }
}

if (capMb > MaxCapMb)
{
    Console.Error.WriteLine($"sanctum-memhog: --cap {capMb} refused: at most {MaxCapMb} MB");
    return 2;
}

long allocatedMb = 0;
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    if (report is not null)
    {
        // Written before anything else: the time is what the race measures.
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        File.WriteAllText(report, $"sigterm {ms} {Interlocked.Read(ref allocatedMb)}\n");
    }

    // Exit at once, without unwinding the allocator loop (the memory goes with the process).
    Environment.Exit(143);
});

Console.WriteLine($"sanctum-memhog: pid {Environment.ProcessId}, {rate:0} MB/s up to {capMb} MB");
if (wait)
{
    _ = Console.ReadLine();
}

var clock = Stopwatch.StartNew();
unsafe
{
    while (Interlocked.Read(ref allocatedMb) < capMb)
    {
        var chunk = (int)Math.Min(ChunkMb, capMb - Interlocked.Read(ref allocatedMb));
        var bytes = (nuint)chunk * 1024 * 1024;
        var block = (byte*)NativeMemory.Alloc(bytes);
        for (nuint offset = 0; offset < bytes; offset += PageSize)
        {
            block[offset] = 1;
        }

        var total = Interlocked.Add(ref allocatedMb, chunk);
        if (total / 100 != (total - chunk) / 100)
        {
            Console.WriteLine($"sanctum-memhog: {total} MB");
        }

        // Paced: chunk n is done no earlier than n * chunk / rate seconds in.
        var due = TimeSpan.FromSeconds(total / rate);
        if (due > clock.Elapsed)
        {
            Thread.Sleep(due - clock.Elapsed);
        }
    }
}

Console.WriteLine($"sanctum-memhog: {allocatedMb} MB after {clock.Elapsed.TotalSeconds:0.00} s");
if (hold)
{
    Thread.Sleep(Timeout.Infinite);
}

return 0;
