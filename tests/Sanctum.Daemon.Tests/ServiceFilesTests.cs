using System.Xml.Linq;
using Xunit;

namespace Sanctum.Daemon.Tests;

/// <summary>The runtime settings have one source, systemd/sanctumd.env; the service files must start the daemon with it.</summary>
public sealed class ServiceFilesTests
{
    internal static readonly string Root = FindRoot();

    [Fact]
    public void SystemdUnitReadsThePublishedEnvFile()
    {
        var unit = File.ReadAllLines(Path.Combine(Root, "systemd", "sanctumd.service"));

        Assert.Contains("EnvironmentFile=%h/.local/lib/sanctum/sanctumd.env", unit);
        Assert.Contains("OOMScoreAdjust=-900", unit);
    }

    [Fact]
    public void LaunchdPlistCarriesExactlyTheEnvFileVariables()
    {
        var expected = File.ReadLines(Path.Combine(Root, "systemd", "sanctumd.env"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

        var plist = XDocument.Load(Path.Combine(Root, "launchd", "com.sanctum.sanctumd.plist"), LoadOptions.None);
        var top = plist.Root!.Element("dict")!.Elements().ToList();
        var environment = top[top.FindIndex(e => e.Name == "key" && e.Value == "EnvironmentVariables") + 1].Elements().ToList();
        var actual = Enumerable.Range(0, environment.Count / 2).ToDictionary(i => environment[2 * i].Value, i => environment[(2 * i) + 1].Value);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SanctumActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SanctumActors.sln not found above " + AppContext.BaseDirectory);
    }
}
