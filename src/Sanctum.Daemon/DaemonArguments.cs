namespace Sanctum.Daemon;

/// <summary>The command line of <c>sanctumd</c> (design §10, a contract).</summary>
/// <param name="DataDir">Null when not given: <c>~/.sanctum</c>.</param>
/// <param name="Socket">The client's Unix socket; null when not given: see <see cref="Configuration.SocketPath"/>.</param>
public sealed record DaemonArguments(
    string? ConfigFile,
    string? DataDir,
    string? Socket,
    bool Armed,
    string? PressureScript,
    bool LogJson,
    bool Help)
{
    public static DaemonArguments None { get; } = new(null, null, null, false, null, false, false);

    public string ResolvedDataDir => DataDir ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sanctum");
}

/// <summary>Either the parsed arguments or why they were refused (naming the option).</summary>
public sealed record CommandLineResult(DaemonArguments? Arguments, string? Error)
{
    /// <summary>Usage errors exit with 2, like the <c>sanctum</c> client.</summary>
    public const int UsageExitCode = 2;
}

/// <summary>
/// A small, strict parser for the six options: <c>--name VALUE</c> or <c>--name=VALUE</c>; unknown options,
/// missing values, repeats and stray arguments are refused, each naming the culprit.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: sanctumd [options]

        Runs the SanctumActors memory-pressure guard in the foreground.

        Options:
          --config FILE            HOCON file layered over the shipped defaults
          --data-dir DIR           heartbeat, logs and journal (default ~/.sanctum, created 0700)
          --socket PATH            the sanctum client's Unix socket (default from sanctum.cli.socket)
          --armed                  send signals (overrides sanctum.dry-run)
          --pressure-script FILE   replay the pressure samples of a scenario file instead of reading the OS
          --log-json               log one JSON object per line (also sanctum.log.json = on)
          --help                   show this help

        Environment: PRESSURE_VALVE_TICK, PRESSURE_VALVE_DEBOUNCE, PRESSURE_VALVE_COOLDOWN, PRESSURE_VALVE_DRY_RUN.
        """;

    private static readonly HashSet<string> Flags = ["--armed", "--log-json", "--help"];
    private static readonly HashSet<string> Valued = ["--config", "--data-dir", "--socket", "--pressure-script"];

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = DaemonArguments.None;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = eq > 0 ? arg[..eq] : arg;
            string? value;
            if (Flags.Contains(name))
            {
                if (eq > 0)
                {
                    return Fail($"option {name} takes no value");
                }

                value = null;
            }
            else if (Valued.Contains(name))
            {
                if (eq > 0)
                {
                    value = arg[(eq + 1)..];
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    return Fail($"option {name} needs a value");
                }

                if (value.Length == 0)
                {
                    return Fail($"option {name} needs a non-empty value");
                }
            }
            else
            {
                return Fail(arg.StartsWith('-') ? $"unknown option {name}" : $"unexpected argument \"{arg}\"");
            }

            if (!seen.Add(name))
            {
                return Fail($"option {name} given twice");
            }

            result = name switch
            {
                "--config" => result with { ConfigFile = value },
                "--data-dir" => result with { DataDir = value },
                "--socket" => result with { Socket = value },
                "--pressure-script" => result with { PressureScript = value },
                "--armed" => result with { Armed = true },
                "--log-json" => result with { LogJson = true },
                _ => result with { Help = true },
            };
        }

        return new CommandLineResult(result, null);
    }

    private static CommandLineResult Fail(string error) => new(null, error);
}
