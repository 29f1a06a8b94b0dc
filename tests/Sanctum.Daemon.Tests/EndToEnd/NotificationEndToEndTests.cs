using System.Diagnostics;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// The built daemon under scripted ORANGE, freezing real children one after the other, with a fake <c>notify-send</c> on PATH that
/// records its arguments; and the hooks beside it, which never hold a freeze up.
/// </summary>
public sealed class NotificationEndToEndTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void TheFirstFreezeNamesTheChildAndTheNextTwoComeAsOneSummary()
    {
        var calls = Path.Combine(_box.Dir, "notify-send.calls");
        var bin = FakeBin($"for a in \"$@\"; do printf '%s\\t' \"$a\"; done >> '{calls}'; echo >> '{calls}'");
        var children = Enumerable.Range(1, 3).Select(i => _box.StartChild($"{_box.Tag}-allow-{i}")).ToArray();
        var daemon = StartArmed(Config(notify: "on = [ freeze ], min-interval = 15s"), PathWith(bin));

        daemon.WaitUntil(() => children.All(c => Sandbox.StateOf(c) == "T"), Soon, "all three children frozen");
        daemon.WaitUntil(() => Calls(calls).Length == 2, Soon, "the first notification and the summary");

        var (first, summary) = (Calls(calls)[0], Calls(calls)[1]);
        Assert.Equal(["--app-name=sanctum", "--urgency=normal", "--", "sanctum"], first[..4]);
        var pid = children.Single(c => first[4].EndsWith($" — sanctum why {c}", StringComparison.Ordinal));
        Assert.Matches(@"^froze sleep( \([0-9.]+ [MG]B\))? at ORANGE — sanctum why [0-9]+$", first[4]);
        Assert.Equal(["--app-name=sanctum", "--urgency=normal", "--", "sanctum", "froze 2 — sanctum history"], summary);
        Assert.Equal("T", Sandbox.StateOf(pid));

        Sandbox.Terminate(daemon.Process);
        daemon.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Calls(calls).Length);
    }

    [LinuxFact]
    public void AMissingNotifierIsLoggedOnceAndTheGuardGoesOn()
    {
        var children = Enumerable.Range(1, 2).Select(i => _box.StartChild($"{_box.Tag}-allow-{i}")).ToArray();
        var empty = Directory.CreateDirectory(Path.Combine(_box.Dir, "empty-bin")).FullName;
        var daemon = StartArmed(Config(notify: "min-interval = 0s"), new Dictionary<string, string> { ["PATH"] = empty });

        daemon.WaitUntil(() => children.All(c => Sandbox.StateOf(c) == "T"), Soon, "both children frozen, each one notified");
        Sandbox.Terminate(daemon.Process);
        daemon.WaitForExit(TimeSpan.FromSeconds(30));

        var complaints = daemon.Output.Split('\n').Where(l => l.Contains("notifications: notify-send could not show", StringComparison.Ordinal)).ToArray();
        Assert.Single(complaints);
        Assert.Contains("froze sleep", complaints[0], StringComparison.Ordinal);
    }

    [LinuxFact]
    public void AFreezeStillLandsOnTimeWhileAHookHangs()
    {
        var hung = Path.Combine(_box.Dir, "hung.pids");
        var hang = $"sh {_box.Write("hang.sh", $"[ \"$SANCTUM_EVENT\" = freeze ] || exit 0; echo $$ >> '{hung}'; exec sleep 60\n")}";
        var (first, second) = (_box.StartChild($"{_box.Tag}-allow-1"), _box.StartChild($"{_box.Tag}-allow-2"));
        var daemon = StartArmed(Config(notify: "desktop = off", onAction: hang, hookTimeout: "60s"), new Dictionary<string, string>());

        daemon.WaitUntil(() => Sandbox.StateOf(first) == "T" || Sandbox.StateOf(second) == "T", Soon, "the first freeze");
        var clock = Stopwatch.StartNew();
        daemon.WaitUntil(() => File.Exists(hung), TimeSpan.FromSeconds(5), "the hook of the first freeze, hanging");
        var hanging = int.Parse(File.ReadLines(hung).First());
        daemon.WaitUntil(() => Sandbox.StateOf(first) == "T" && Sandbox.StateOf(second) == "T", Soon, "the second freeze");

        // cooldown 2 s + a tick of 1 s + confirmation; a freeze that waited on the hook would come 60 s later.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the second freeze came {clock.Elapsed} after the first, while a hook hung");
        Assert.Equal("S", Sandbox.StateOf(hanging));
    }

    private Sandbox.Daemon StartArmed(string config, IReadOnlyDictionary<string, string> environment) =>
        _box.StartDaemon(
            environment, "--config", _box.Write("test.conf", config), "--data-dir", Path.Combine(_box.Dir, "data"),
            "--pressure-script", _box.Write("pressure.conf", """
                pressure = [
                  { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
                  { at = 1s, available-mb = 3000 }
                ]
                """), "--armed");

    /// <summary>A folder holding an executable <c>notify-send</c> with <paramref name="body"/>.</summary>
    private string FakeBin(string body)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        var bin = Directory.CreateDirectory(Path.Combine(_box.Dir, "bin")).FullName;
        var script = Path.Combine(bin, "notify-send");
        File.WriteAllText(script, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private static Dictionary<string, string> PathWith(string bin) => new() { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };

    /// <summary>One row per call of the fake notifier: its arguments.</summary>
    private static string[][] Calls(string file) =>
        File.Exists(file) ? [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => l.TrimEnd('\t').Split('\t'))] : [];

    private string Config(string notify, string onAction = "", string hookTimeout = "10s") => $$"""
        sanctum {
          valve {
            tick = 1s
            debounce = 1
            cooldown = 2s
            lease { thaw-after = 60s }
            allowlist = [ { name = "e2e", match = "{{_box.Tag}}-allow", policy = sigstop-only, min-stop-mb = 0 } ]
            denylist = [ "sshd", "systemd", "sanctumd" ]
            shed { tier3 = [], tier2 = [] }
          }
          sentinel { criticals = [ "{{_box.Tag}}-critical" ] }
          notify { {{notify}} }
          hooks { on-action = [ {{(onAction.Length == 0 ? "" : $"\"{onAction}\"")}} ], timeout = {{hookTimeout}} }
        }
        """;
}
