using System.Text.RegularExpressions;
using Sanctum.Configuration;
using Sanctum.Configuration.Hocon;
using Sanctum.Policy.Options;
using Xunit;

namespace Sanctum.Policy.Tests.Configuration;

public sealed class SanctumConfigLoaderTests
{
    private static readonly Dictionary<string, string?> NoEnv = [];

    private static SanctumOptions Defaults()
    {
        var result = SanctumConfigLoader.Load(null, NoEnv);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Options;
    }

    private static SanctumOptions Load(string text, Dictionary<string, string?>? env = null)
    {
        var result = SanctumConfigLoader.LoadFromText(text, "user.conf", env ?? NoEnv);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Options;
    }

    private static IReadOnlyList<string> Errors(string text, Dictionary<string, string?>? env = null)
    {
        var result = SanctumConfigLoader.LoadFromText(text, "user.conf", env ?? NoEnv);
        Assert.False(result.Ok);
        Assert.Null(result.Options);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    [Fact]
    public void DefaultsEqualTheOriginal()
    {
        var o = Defaults();
        Assert.True(o.DryRun);
        Assert.True(o.ThawOnStop);
        var v = o.Valve;
        Assert.Equal(TimeSpan.FromSeconds(5), v.Tick);
        Assert.Equal(2, v.Debounce);
        Assert.Equal(TimeSpan.FromSeconds(120), v.Cooldown);
        Assert.Equal(Thresholds.Default, v.Thresholds);
        Assert.Equal(CompressorLeakOptions.Default, v.CompressorLeak);
        Assert.Equal(LeaseOptions.Default, v.Lease);
        Assert.Equal(["com.sanctum.kiwix-serve", "com.sanctum.reranker", "com.sanctum.xtts-server"], v.Shed.Tier3);
        Assert.Equal(["com.sanctum.memory-vault", "com.sanctum.qwen3-tts", "com.sanctum.mdns-docs"], v.Shed.Tier2);
        Assert.Equal((100L, 2, TimeSpan.FromMinutes(30)), (v.Shed.DeltaMb, v.Shed.MaxFailStreak, v.Shed.SkipWindow));
        Assert.Equal(3, o.Respawn.LoopPerHour);
        Assert.Equal(["qemu", "sanctumd", "sanctum-mlx", "signal-cli", "WindowServer"], o.Sentinel.Criticals);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), 3), (o.Sentinel.ScanEvery, o.Sentinel.ProbeEvery, o.Sentinel.ProbeFailures));
        Assert.Empty(o.Sentinel.Probes);
        Assert.Equal(TimeSpan.FromSeconds(60), o.Deadman.StaleAfter);
        Assert.Equal(new PersistenceOptions("SQLite.MS", ""), o.Persistence);
        Assert.Equal(new CliOptions(""), o.Cli);
        Assert.False(o.Log.Json);
    }

    [Fact]
    public void DefaultAllowlistIsTheOriginalTableInDocOrder()
    {
        var rows = Defaults().Valve.Allowlist.Select(e => (e.Name, e.Policy, e.MinStopMb, e.MinKillMb));
        Assert.Equal(
            [
                ("sanctum-mlx", StopPolicy.SigstopOnly, 20_000L, (long?)null),
                ("LM Studio (helpers)", StopPolicy.SigstopOnly, 2_000L, null),
                ("LM Studio node shim", StopPolicy.SigstopOnly, 2_000L, null),
                ("qemu-vm", StopPolicy.KillAllowed, 4_000L, 8_000L),
                ("apple-vz-vm", StopPolicy.KillAllowed, 1_500L, 4_000L),
                ("docker-vz", StopPolicy.KillAllowed, 1_500L, 4_000L),
                ("ollama", StopPolicy.KillAllowed, 2_000L, 6_000L),
                ("metal-shader-compiler", StopPolicy.KillAllowed, 200L, 500L),
            ],
            rows);
    }

    [Theory]
    [InlineData("sanctum-mlx", "/opt/sanctum/bin/sanctum-mlx --port 1337", true)]
    [InlineData("LM Studio (helpers)", "/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper (Renderer).app/x", true)]
    [InlineData("LM Studio node shim", "/Users/neo/.lmstudio/.internal/utils/node", true)]
    [InlineData("LM Studio node shim", "/usr/local/bin/node server.js", false)]
    [InlineData("qemu-vm", "qemu-system-aarch64 -m 8G -drive file=ubuntu.img", true)]
    [InlineData("apple-vz-vm", "/System/Library/Frameworks/Virtualization.framework/Versions/A/XPCServices/com.apple.Virtualization.VirtualMachine.xpc/Contents/MacOS/com.apple.Virtualization.VirtualMachine", true)]
    [InlineData("docker-vz", "/Applications/Docker.app/Contents/MacOS/com.docker.virtualization --kernel", true)]
    [InlineData("ollama", "ollama serve", true)]
    [InlineData("ollama", "/usr/local/bin/ollama-runner --model x", true)]
    [InlineData("metal-shader-compiler", "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/macos/bin/metal -c -x metal shader.metal", true)]
    [InlineData("metal-shader-compiler", "/System/Library/Frameworks/Metal.framework/Versions/A/XPCServices/MTLCompilerService.xpc/Contents/MacOS/MTLCompilerService", false)]
    public void DefaultAllowlistRegexesMatchWhatTheyAreMeantTo(string entry, string command, bool matches)
    {
        var pattern = Defaults().Valve.Allowlist.Single(e => e.Name == entry).Match;
        Assert.Equal(matches, Regex.IsMatch(command, pattern));
    }

    [Fact]
    public void DefaultDenylistIsTheUnionOfBothOriginalListsPlusTheDaemon()
    {
        var deny = Defaults().Valve.Denylist;
        string[] original =
        [
            "sshd", "launchd", "WindowServer", "loginwindow", "SystemUIServer", "Finder", "Dock", "kernel_task",
            "coreaudiod", "cfprefsd", "diskarbitrationd", "securityd", "syslogd", "notifyd", "opendirectoryd",
            "watchdogd", "tailscaled", "sanctumd", "sanctum-pressure-valve",
        ];
        Assert.All(original, name => Assert.Contains(name, deny));
    }

    [Fact]
    public void AUserFileLayersOverTheDefaults()
    {
        var o = Load("sanctum.valve.tick = 10s");
        Assert.Equal(TimeSpan.FromSeconds(10), o.Valve.Tick);
        var d = Defaults();
        var (dv, ov) = (d.Valve, o.Valve);
        Assert.Equal((dv.Debounce, dv.Cooldown, dv.Thresholds, dv.CompressorLeak, dv.Lease), (ov.Debounce, ov.Cooldown, ov.Thresholds, ov.CompressorLeak, ov.Lease));
        Assert.Equal(dv.Allowlist, ov.Allowlist);
        Assert.Equal(dv.Denylist, ov.Denylist);
        Assert.Equal(dv.Shed.Tier3, ov.Shed.Tier3);
        Assert.Equal(dv.Shed.Tier2, ov.Shed.Tier2);
        Assert.Equal(dv.Shed with { Tier3 = ov.Shed.Tier3, Tier2 = ov.Shed.Tier2 }, ov.Shed);
        Assert.Equal(d.Sentinel.Criticals, o.Sentinel.Criticals);
        Assert.Equal(d.Sentinel with { Criticals = o.Sentinel.Criticals, Probes = o.Sentinel.Probes }, o.Sentinel);
        Assert.Equal(d with { Valve = o.Valve, Sentinel = o.Sentinel }, o);
    }

    [Fact]
    public void NestedOverrideKeepsSiblingDefaults()
    {
        var o = Load("sanctum { valve { thresholds { red { available-mb = 1024 } } } }");
        Assert.Equal(new LevelThreshold(1024, 95), o.Valve.Thresholds.Red);
        Assert.Equal(Thresholds.Default.Orange, o.Valve.Thresholds.Orange);
    }

    [Fact]
    public void EnvironmentVariablesWinOverTheFile()
    {
        var env = new Dictionary<string, string?>
        {
            ["PRESSURE_VALVE_TICK"] = "3",
            ["PRESSURE_VALVE_DEBOUNCE"] = "4",
            ["PRESSURE_VALVE_COOLDOWN"] = "60",
            ["PRESSURE_VALVE_DRY_RUN"] = "0",
            ["UNRELATED"] = "x",
        };
        var o = Load("sanctum { dry-run = on, valve { tick = 10s, debounce = 3, cooldown = 90s } }", env);
        Assert.Equal((TimeSpan.FromSeconds(3), 4, TimeSpan.FromSeconds(60), false), (o.Valve.Tick, o.Valve.Debounce, o.Valve.Cooldown, o.DryRun));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public void DryRunVariableTakes10TrueFalse(string value, bool dryRun)
    {
        var o = Load("sanctum.dry-run = " + (dryRun ? "off" : "on"), new() { ["PRESSURE_VALVE_DRY_RUN"] = value });
        Assert.Equal(dryRun, o.DryRun);
    }

    [Fact]
    public void EmptyEnvironmentVariablesAreIgnored()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Load("", new() { ["PRESSURE_VALVE_TICK"] = "", ["PRESSURE_VALVE_DRY_RUN"] = null }).Valve.Tick);
    }

    [Fact]
    public void ABadEnvironmentValueNamesTheVariable()
    {
        var errors = Errors("", new() { ["PRESSURE_VALVE_TICK"] = "5s", ["PRESSURE_VALVE_DRY_RUN"] = "maybe", ["PRESSURE_VALVE_DEBOUNCE"] = "0" });
        Assert.Equal(
            [
                "PRESSURE_VALVE_TICK: expected whole seconds like 5, got \"5s\" (environment)",
                "PRESSURE_VALVE_DRY_RUN: expected 1 or 0 (or true/false), got \"maybe\" (environment)",
                "sanctum.valve.debounce: must be at least 1, got \"0\" (environment variable PRESSURE_VALVE_DEBOUNCE)",
            ],
            errors);
    }

    [Fact]
    public void ABadValueNamesTheKeyAndLine()
    {
        var errors = Errors("sanctum {\n  valve {\n    tick = fast\n  }\n}");
        Assert.Equal(["sanctum.valve.tick: expected a duration like 5s, got \"fast\" (user.conf line 3)"], errors);
    }

    [Fact]
    public void ABareDurationInTheFileIsRefusedButTheEnvironmentTakesBareSeconds()
    {
        Assert.Equal(
            ["sanctum.valve.cooldown: needs a unit, e.g. 90s (a bare number would be milliseconds in HOCON) (user.conf line 3)"],
            Errors("sanctum.valve {\n  tick = 10s\n  cooldown = 90\n}"));

        var o = Load("sanctum.valve.tick = 10s", new() { ["PRESSURE_VALVE_TICK"] = "7", ["PRESSURE_VALVE_COOLDOWN"] = "45" });
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(45)), (o.Valve.Tick, o.Valve.Cooldown));
    }

    [Fact]
    public void UnknownKeysAreRejectedWithTheirLine()
    {
        var errors = Errors("sanctum {\n  valve {\n    tick = 5s\n    tik = 6s\n  }\n  sentinal { }\n}\nsantcum.dry-run = off");
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("santcum: unknown key (allowed here: sanctum) (user.conf line 8)", errors[0]);
        Assert.Contains(errors, e => e.StartsWith("sanctum.valve.tik: unknown key", StringComparison.Ordinal) && e.EndsWith("(user.conf line 4)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("sanctum.sentinal: unknown key", StringComparison.Ordinal) && e.EndsWith("(user.conf line 6)", StringComparison.Ordinal));
    }

    [Fact]
    public void SeveralErrorsAreReportedTogether()
    {
        var errors = Errors("sanctum.valve {\n  tick = 0s\n  debounce = 0\n  cooldown = soon\n}");
        Assert.Equal(
            [
                "sanctum.valve.tick: must be greater than 0, got \"0s\" (user.conf line 2)",
                "sanctum.valve.debounce: must be at least 1, got \"0\" (user.conf line 3)",
                "sanctum.valve.cooldown: expected a duration like 5s, got \"soon\" (user.conf line 4)",
            ],
            errors);
    }

    [Fact]
    public void ThresholdOrderingViolationsAreNamed()
    {
        var errors = Errors("""
            sanctum.valve.thresholds {
              orange.available-mb = 9000
              red.swap-percent = 80
            }
            """);
        Assert.Equal(
            [
                "sanctum.valve.thresholds.orange.available-mb: must be below yellow's available-mb (8192), got \"9000\" (user.conf line 2)",
                "sanctum.valve.thresholds.red.swap-percent: must be above orange's swap-percent (85), got \"80\" (user.conf line 3)",
            ],
            errors);
    }

    [Fact]
    public void PercentagesMustBe0To100()
    {
        Assert.Equal(
            ["sanctum.valve.thresholds.red.swap-percent: must be between 0 and 100, got \"101\" (user.conf line 1)"],
            Errors("sanctum.valve.thresholds.red.swap-percent = 101"));
    }

    [Fact]
    public void AllowlistEntriesAreValidated()
    {
        var errors = Errors("""
            sanctum.valve.allowlist = [
              { name = a, match = "a", policy = kill-allowed, min-stop-mb = 100 }
              { name = b, match = "b", policy = kill-allowed, min-stop-mb = 100, min-kill-mb = 50 }
              { name = c, match = "c", policy = sigstop-only, min-stop-mb = 100, min-kill-mb = 500 }
              { name = d, match = "d", policy = freeze, min-stop-mb = 100 }
              { name = e, match = "e", policy = sigstop-only, min-stop-mb = 100, colour = red }
            ]
            """);
        Assert.Equal(
            [
                "sanctum.valve.allowlist[0].min-kill-mb: is required when policy = kill-allowed (user.conf line 2)",
                "sanctum.valve.allowlist[1].min-kill-mb: must be at least min-stop-mb (100), got \"50\" (user.conf line 3)",
                "sanctum.valve.allowlist[2].min-kill-mb: applies only to kill-allowed entries, got \"500\" (user.conf line 4)",
                "sanctum.valve.allowlist[3].policy: must be sigstop-only or kill-allowed, got \"freeze\" (user.conf line 5)",
                "sanctum.valve.allowlist[4].colour: unknown key (allowed here: name, match, policy, min-stop-mb, min-kill-mb) (user.conf line 6)",
            ],
            errors);
    }

    [Theory]
    [InlineData("sanctum.valve.lease.max = 3000000d", "sanctum.valve.lease.max: must be at most 24h")]
    [InlineData("sanctum.valve.cooldown = 3000000d", "sanctum.valve.cooldown: must be at most 24h")]
    [InlineData("sanctum.valve.lease.thaw-after = 2d", "sanctum.valve.lease.thaw-after: must be at most 24h")]
    [InlineData("sanctum.sentinel.scan-every = 25h", "sanctum.sentinel.scan-every: must be at most 24h")]
    [InlineData("sanctum.valve.tick = 0.0001s", "sanctum.valve.tick: must be at least 100ms")]
    [InlineData("sanctum.valve.tick = 2d", "sanctum.valve.tick: must be at most 24h")]
    public void DurationsOutOfRangeAreRefusedWithKeyAndRange(string text, string error) =>
        Assert.StartsWith(error, Assert.Single(Errors(text)), StringComparison.Ordinal);

    [Fact]
    public void DurationsAtTheEdgesOfTheirRangeAreTaken()
    {
        var o = Load("sanctum.valve { tick = 100ms, cooldown = 24h, lease.max = 1d }");
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1), TimeSpan.FromDays(1)), (o.Valve.Tick, o.Valve.Cooldown, o.Valve.Lease.Max));
    }

    [Fact]
    public void ARegexTheGuardCannotMatchIsRefusedWithKeyAndLine()
    {
        var errors = Errors("""
            sanctum.valve.allowlist = [
              { name = x, match = "([", policy = sigstop-only, min-stop-mb = 1 }
              { name = y, match = "(a)\\1", policy = sigstop-only, min-stop-mb = 1 }
            ]
            sanctum.sentinel.criticals = [ "ok", "foo(?=bar)" ]
            sanctum.sentinel.probes = [ { service = s, process = "(?<!x)y", command = "true" } ]
            """);

        Assert.Equal(4, errors.Count);
        Assert.StartsWith("sanctum.valve.allowlist[0].match: is not a usable regex (", errors[0]);
        Assert.EndsWith("got \"([\" (user.conf line 2)", errors[0]);
        Assert.Contains("sanctum.valve.allowlist[1].match: is not a usable regex (backreferences, lookarounds and atomic groups are not supported", errors[1]);
        Assert.EndsWith("(user.conf line 3)", errors[1]);
        Assert.StartsWith("sanctum.sentinel.probes[0].process: is not a usable regex", errors[2]);
        Assert.StartsWith("sanctum.sentinel.criticals[1]: is not a usable regex", errors[3]);
    }

    [Fact]
    public void LazyQuantifiersAndNonCapturingGroupsAreUsable() =>
        Load("sanctum.valve.allowlist = [ { name = m, match = \"/metal(?: |$).*?-x metal\", policy = sigstop-only, min-stop-mb = 1 } ]");

    [Fact]
    public void ProbesAreParsedWithDefaults()
    {
        var o = Load("""
            sanctum.sentinel {
              probe-every = 30s
              probes = [
                { service = "lmstudio-coder-14b", process = "\\.lmstudio/", tcp = "127.0.0.1:1234",
                  recover = [ "launchctl kickstart -k gui/501/com.lmstudio" ] }
                { service = web, http = "http://127.0.0.1:2189/health", every = 10s, timeout = 1s, failures = 5,
                  recover-grace = 1m, healthy-when = "colima status && docker ps", max-per-hour = 1 }
                { service = cmd, command = "true" }
              ]
            }
            """);
        var probes = o.Sentinel.Probes;
        Assert.Equal(
            new ProbeOptions("lmstudio-coder-14b", @"\.lmstudio/", ProbeKind.Tcp, "127.0.0.1:1234", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), 3, probes[0].Recover, TimeSpan.FromSeconds(60), null, 3),
            probes[0]);
        Assert.Equal(["launchctl kickstart -k gui/501/com.lmstudio"], probes[0].Recover);
        Assert.Equal(
            new ProbeOptions("web", null, ProbeKind.Http, "http://127.0.0.1:2189/health", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 5, probes[1].Recover, TimeSpan.FromMinutes(1), "colima status && docker ps", 1),
            probes[1]);
        Assert.Empty(probes[1].Recover);
        Assert.Equal((ProbeKind.Command, "true"), (probes[2].Kind, probes[2].Target));
    }

    [Fact]
    public void HealthyWhenIsACommandKeptVerbatimAndNeverEmpty()
    {
        var probe = Assert.Single(Load("sanctum.sentinel.probes = [ { service = d, tcp = \"127.0.0.1:2375\", healthy-when = \"colima status && docker ps | grep -q .\" } ]").Sentinel.Probes);
        Assert.Equal("colima status && docker ps | grep -q .", probe.HealthyWhen);

        var error = Assert.Single(Errors("sanctum.sentinel.probes = [ { service = d, tcp = \"127.0.0.1:2375\", healthy-when = \"\" } ]"));
        Assert.StartsWith("sanctum.sentinel.probes[0].healthy-when: must not be empty", error);
    }

    [Fact]
    public void AnUnquotedUrlIsCutAtTheCommentAndTheErrorSaysSo()
    {
        var error = Assert.Single(Errors("sanctum.sentinel.probes = [ {\n  service = a\n  http = http://x/health\n} ]"));
        Assert.EndsWith("in quotes (// starts a comment), got \"http:\" (user.conf line 3)", error);
    }

    [Fact]
    public void AProbeWithTwoKindsOrNoneIsRejected()
    {
        var errors = Errors("""
            sanctum.sentinel.probes = [
              { service = a, tcp = "127.0.0.1:1", http = "http://x/" }
              { service = b }
              { service = c, tcp = "localhost" }
              { service = d, http = "ftp://x/" }
              { service = e, command = "x" }
              { service = e, command = "y" }
            ]
            """);
        Assert.Equal(
            [
                "sanctum.sentinel.probes[0].http: a probe takes only one of tcp, http or command, but this one also has tcp (user.conf line 2)",
                "sanctum.sentinel.probes[1]: a probe needs one of tcp, http or command (user.conf line 3)",
                "sanctum.sentinel.probes[2].tcp: must be host:port, like 127.0.0.1:1234, got \"localhost\" (user.conf line 4)",
                "sanctum.sentinel.probes[3].http: must be an http:// or https:// URL, in quotes (// starts a comment), got \"ftp://x/\" (user.conf line 5)",
                "sanctum.sentinel.probes[5].service: a probe for this service is already defined (line 6), got \"e\" (user.conf line 7)",
            ],
            errors);
    }

    [Fact]
    public void EmptyListEntriesAreRejected()
    {
        Assert.Equal(
            ["sanctum.sentinel.criticals[1]: must not be empty, got \"\" (user.conf line 1)"],
            Errors("sanctum.sentinel.criticals = [ qemu, \"\" ]"));
    }

    [Fact]
    public void AParseErrorIsReportedNotThrown()
    {
        Assert.Equal(["substitutions (${...}) are not supported (key sanctum.valve.tick) (user.conf line 2)"], Errors("sanctum {\n valve.tick = ${x}\n}"));
    }

    [Fact]
    public void NullOverADefaultIsAnError()
    {
        Assert.Equal(["sanctum.valve.tick: is required and cannot be null (user.conf line 1)"], Errors("sanctum.valve.tick = null"));
    }

    [Fact]
    public void ScenarioOverridesLayerFromAParsedObject()
    {
        var scenario = HoconDocument.Parse("name = x\nsanctum { valve.debounce = 1, dry-run = off }", "storm.conf");
        Assert.True(scenario.TryGet("sanctum", out var block));
        var result = SanctumConfigLoader.LoadOverrides((HoconObject)block, NoEnv);
        Assert.True(result.Ok);
        Assert.Equal((1, false, TimeSpan.FromSeconds(5)), (result.Options.Valve.Debounce, result.Options.DryRun, result.Options.Valve.Tick));

        var bad = HoconDocument.Parse("name = x\nsanctum {\n  valve.debounce = many\n}", "storm.conf");
        Assert.True(bad.TryGet("sanctum", out var badBlock));
        Assert.Equal(
            "sanctum.valve.debounce: expected an integer, got \"many\" (storm.conf line 3)",
            Assert.Single(SanctumConfigLoader.LoadOverrides((HoconObject)badBlock, NoEnv).Errors).ToString());
    }

    [Fact]
    public void AMissingFileIsAnErrorNotAnException()
    {
        var result = SanctumConfigLoader.Load("/nonexistent/sanctum-user.conf", NoEnv);
        Assert.False(result.Ok);
        Assert.Contains("cannot read the file", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void LoadReadsAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sanctum-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "sanctum.log.json = on\n");
        try
        {
            var result = SanctumConfigLoader.Load(path, NoEnv);
            Assert.True(result.Ok);
            Assert.True(result.Options.Log.Json);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheDefaultsFileHasACommentOnEveryKeyLine()
    {
        var lines = SanctumConfigLoader.DefaultsText.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('{') && !l.StartsWith('"') && l is not ("}" or "]"))
            .Where(l => l.Contains('=') && !l.EndsWith('{') && !l.EndsWith('['));
        Assert.All(lines, l => Assert.Contains("#", l));
    }
}
