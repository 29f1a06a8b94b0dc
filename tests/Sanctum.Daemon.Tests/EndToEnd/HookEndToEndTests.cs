using System.Diagnostics;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>Real hooks (shell scripts this test wrote) run by the built daemon for real children under scripted pressure.</summary>
public sealed class HookEndToEndTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(25);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void OnActionHooksGetTheDecisionAndAHangingFailingOrChattyHookDelaysNothing()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var env = Path.Combine(_box.Dir, "env-freeze.txt");
        var hung = Path.Combine(_box.Dir, "hung.pid");
        var hooks = new[]
        {
            Hook("env.sh", $"[ \"$SANCTUM_EVENT\" = freeze ] || exit 0; env | grep '^SANCTUM_' > '{env}'"),
            Hook("hang.sh", $"[ \"$SANCTUM_EVENT\" = freeze ] || exit 0; echo $$ > '{hung}'; exec sleep 60"),
            Hook("fail.sh", "echo 'no such service' >&2; exit 3"),
            Hook("chatty.sh", "head -c 1000000 /dev/zero | tr '\\0' x"),
        };
        var daemon = StartArmed(Config(onAction: hooks, timeout: "3s"), OrangeFromOneSecond);

        daemon.WaitUntil(() => Sandbox.StateOf(child) == "T", Soon, "the freeze");
        // The hooks of one decision run side by side: the environment is written while the hanging hook still runs.
        daemon.WaitUntil(() => File.Exists(env) && File.Exists(hung), TimeSpan.FromSeconds(5), "the hooks of the freeze");
        var seen = File.ReadAllLines(env).Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal("freeze", seen["SANCTUM_EVENT"]);
        Assert.Equal(child.ToString(), seen["SANCTUM_PID"]);
        Assert.Equal("sleep", seen["SANCTUM_NAME"]);
        Assert.StartsWith($"{_box.Tag}-allow", seen["SANCTUM_COMMAND"], StringComparison.Ordinal);
        Assert.Equal("ORANGE", seen["SANCTUM_LEVEL"]);
        Assert.Equal("valve", seen["SANCTUM_BY"]);
        Assert.Equal("applied", seen["SANCTUM_OUTCOME"]);
        Assert.Equal("0", seen["SANCTUM_DRY_RUN"]);
        Assert.Matches("^[0-9]+$", seen["SANCTUM_START"]);
        Assert.Matches("^[0-9]+$", seen["SANCTUM_RSS_MB"]);

        var hanging = int.Parse(File.ReadAllText(hung).Trim());
        var clock = Stopwatch.StartNew();
        daemon.WaitUntil(() => Sandbox.StateOf(hanging) is "gone" or "Z", TimeSpan.FromSeconds(8), "the hanging hook to be killed at its timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the hanging hook lived {clock.Elapsed} past being seen; timeout is 3 s");
        daemon.WaitUntil(() => daemon.Output.Contains("hook killed after its timeout", StringComparison.Ordinal), Soon, "the timeout in the log");
        daemon.WaitUntil(() => daemon.Output.Contains("hook failed with exit status 3", StringComparison.Ordinal), Soon, "the failure in the log");
        Assert.Contains("no such service", daemon.Output, StringComparison.Ordinal);
        daemon.WaitUntil(() => daemon.Output.Contains("more characters not logged", StringComparison.Ordinal), Soon, "the chatty hook, cut short in the log");
        Assert.DoesNotContain(new string('x', 4096), daemon.Output, StringComparison.Ordinal);
        Assert.Equal("T", Sandbox.StateOf(child));
    }

    [LinuxFact]
    public void InDryRunHooksRunWithDryRunSet()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var env = Path.Combine(_box.Dir, "env.txt");
        var daemon = _box.StartDaemon(
            "--config", _box.Write("test.conf", Config(onAction: [Hook("env.sh", $"env | grep '^SANCTUM_' > '{env}'")])),
            "--data-dir", Path.Combine(_box.Dir, "data"), "--pressure-script", _box.Write("pressure.conf", OrangeFromOneSecond));

        daemon.WaitUntil(() => File.Exists(env) && File.ReadAllText(env).Contains("SANCTUM_DRY_RUN=1", StringComparison.Ordinal), Soon, "a dry-run hook");
        Assert.Contains("SANCTUM_OUTCOME=dry-run", File.ReadAllText(env), StringComparison.Ordinal);
        Assert.Equal("S", Sandbox.StateOf(child));
    }

    [LinuxFact]
    public void AKillWaitsForItsPreKillHookAtMostPreKillTimeout()
    {
        var child = _box.StartChild($"{_box.Tag}-kill");
        var seen = Path.Combine(_box.Dir, "pre-kill.txt");
        var preKill = Hook("pre-kill.sh", $"kill -0 \"$SANCTUM_PID\" && echo \"$SANCTUM_EVENT $SANCTUM_PID $SANCTUM_OUTCOME $SANCTUM_COMMAND\" > '{seen}'; exec sleep 60");
        var daemon = StartArmed(Config(preKill: [preKill], preKillTimeout: "1500ms"), """
            pressure = [
              { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
              { at = 1s, available-mb = 1000 }
            ]
            """);

        daemon.WaitUntil(() => File.Exists(seen), Soon, "the pre-kill hook");
        var clock = Stopwatch.StartNew();
        daemon.WaitUntil(() => Sandbox.StateOf(child) is "gone" or "Z", TimeSpan.FromSeconds(10), "the kill");

        Assert.StartsWith($"kill {child} applied {_box.Tag}-kill", File.ReadAllText(seen), StringComparison.Ordinal);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"the kill came {clock.Elapsed} after the pre-kill hook started: it did not wait for it");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), $"the kill came {clock.Elapsed} after the pre-kill hook started; pre-kill-timeout is 1.5 s");
    }

    private const string OrangeFromOneSecond = """
        pressure = [
          { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
          { at = 1s, available-mb = 3000 }
        ]
        """;

    private Sandbox.Daemon StartArmed(string config, string pressure) =>
        _box.StartDaemon(
            "--config", _box.Write("test.conf", config), "--data-dir", Path.Combine(_box.Dir, "data"),
            "--pressure-script", _box.Write("pressure.conf", pressure), "--armed");

    /// <summary>A hook command line: <c>sh</c> on a script in the sandbox, so the test needs no quoting inside HOCON.</summary>
    private string Hook(string name, string body) => $"sh {_box.Write(name, body + "\n")}";

    private string Config(string[]? onAction = null, string[]? preKill = null, string timeout = "10s", string preKillTimeout = "2s") => $$"""
        sanctum {
          valve {
            tick = 1s
            debounce = 1
            cooldown = 2s
            lease { thaw-after = 2s }
            confirm { kill-after = 0s }
            allowlist = [
              { name = "e2e", match = "{{_box.Tag}}-allow", policy = sigstop-only, min-stop-mb = 0 }
              { name = "e2e-kill", match = "{{_box.Tag}}-kill", policy = kill-allowed, min-stop-mb = 0, min-kill-mb = 0 }
            ]
            denylist = [ "sshd", "systemd", "sanctumd" ]
            shed { tier3 = [], tier2 = [] }
          }
          sentinel { criticals = [ "{{_box.Tag}}-critical" ] }
          hooks {
            on-action = [ {{Quoted(onAction)}} ]
            pre-kill = [ {{Quoted(preKill)}} ]
            timeout = {{timeout}}
            pre-kill-timeout = {{preKillTimeout}}
          }
        }
        """;

    private static string Quoted(string[]? commands) => string.Join(", ", (commands ?? []).Select(c => $"\"{c}\""));
}
