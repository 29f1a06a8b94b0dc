using System.Globalization;
using System.Text;

namespace Sanctum.Bench;

/// <summary>A throwaway procfs-shaped tree: <c>&lt;pid&gt;/stat</c> (all 52 fields, as the kernel writes them) and <c>cmdline</c>.</summary>
internal sealed class SyntheticProc : IDisposable
{
    public SyntheticProc(int processes)
    {
        Directory.CreateDirectory(Root);
        for (var i = 0; i < processes; i++)
        {
            var pid = 1_000 + i;
            var dir = Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "stat"), Stat(pid, $"worker-{i % 37}", startTicks: 10_000 + i, rssPages: 1_000 + (i * 97 % 50_000)));
            File.WriteAllBytes(Path.Combine(dir, "cmdline"), Encoding.UTF8.GetBytes($"/usr/bin/worker-{i % 37}\0--serve\0--port={8000 + i}\0"));
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sanctum-bench-proc-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string Stat(int pid, string comm, long startTicks, long rssPages)
    {
        var fields = new string[50];
        Array.Fill(fields, "0");
        fields[0] = "S";
        fields[1] = "1";
        fields[19] = startTicks.ToString(CultureInfo.InvariantCulture);
        fields[21] = rssPages.ToString(CultureInfo.InvariantCulture);
        return $"{pid} ({comm}) {string.Join(' ', fields)}\n";
    }
}
