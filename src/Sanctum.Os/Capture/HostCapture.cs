using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.Capture;

/// <summary>What the guard's adapters read from a host, live or from a capture, with every line they could not parse.</summary>
/// <param name="Os"><c>macos</c> or <c>linux</c>.</param>
/// <param name="Source"><c>live</c> or <c>capture</c>.</param>
/// <param name="Reading">How the pressure is read (<see cref="IPressurePort.Reading"/>).</param>
public sealed record HostReading(
    string Os,
    string Source,
    string Reading,
    PressureSample? Pressure,
    IReadOnlyList<ProcRow> Processes,
    IReadOnlyList<ParseError> Errors);

/// <summary>A capture folder that cannot be read: no <c>os</c> file, an unknown OS or missing inputs.</summary>
public sealed class CaptureException(string message) : Exception(message);

/// <summary>
/// Reads the host the way the daemon does, or a capture folder in the format of design §11, and writes such
/// a capture (<c>DIR/os</c>; macOS: <c>vm_stat.txt</c>, <c>sysctl.txt</c>, <c>ps.txt</c>; Linux: <c>proc/meminfo</c>,
/// <c>proc/pressure/memory</c>, <c>proc/&lt;pid&gt;/{stat,cmdline,status}</c>), so a Mac's capture is examined on
/// Linux and the other way round.
/// </summary>
public static class HostCapture
{
    public const string MacOs = "macos";
    public const string Linux = "linux";
    public const string VmStatFile = "vm_stat.txt";
    public const string SysctlFile = "sysctl.txt";
    public const string PsFile = "ps.txt";

    /// <summary>Inputs beyond this are read only this far and reported as cut: a capture is never loaded whole into memory.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    private static readonly string[] SysctlKeys = [SwapUsageParser.Source, PressureLevelParser.Source, "hw.memsize", "hw.pagesize"];
    private static readonly string[] LinuxPidFiles = ["stat", "cmdline", "status"];

    /// <summary>Reads this host now; with <paramref name="captureDir"/>, also writes what was read there.</summary>
    public static HostReading ReadLive(string? captureDir, Action<string> log)
    {
        if (OperatingSystem.IsMacOS())
        {
            var runner = new ProcessCommandRunner(MacCommands.Environment);
            var texts = RunMacCommands(runner);
            if (captureDir is not null)
                WriteMac(captureDir, texts);
            return ReadMac(texts, "live", OsPorts.MacPressure(runner, log).Reading);
        }

        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("Sanctum reads Linux and macOS only.");
        if (captureDir is null)
            return ReadLinux("/proc", "live");
        CopyLinux("/proc", Path.Join(captureDir, "proc"));
        WriteOs(captureDir, Linux);
        return ReadLinux(Path.Join(captureDir, "proc"), "live");
    }

    /// <summary>Reads a capture folder.</summary>
    /// <exception cref="CaptureException">No <c>os</c> file, an unknown OS, or a required input missing (each one named).</exception>
    public static HostReading ReadCapture(string dir)
    {
        var osFile = Path.Join(dir, "os");
        if (!File.Exists(osFile))
            throw new CaptureException($"{dir}: not a capture: missing {osFile} (one word: {MacOs} or {Linux})");
        var os = File.ReadAllText(osFile).Trim();
        switch (os)
        {
            case MacOs:
                RequireFiles(dir, [VmStatFile, SysctlFile, PsFile]);
                var errors = new List<ParseError>();
                var texts = new[] { VmStatFile, SysctlFile, PsFile }.ToDictionary(f => f, f => ReadBounded(Path.Join(dir, f), errors));
                var reading = ReadMac(texts, "capture", "capture of " + MacPressureSource.Description);
                return reading with { Errors = [.. errors, .. reading.Errors] };
            case Linux:
                RequireFiles(dir, [Path.Join("proc", "meminfo")]);
                return ReadLinux(Path.Join(dir, "proc"), "capture");
            default:
                throw new CaptureException($"{osFile}: '{os}' is not {MacOs} or {Linux}");
        }
    }

    /// <summary>Parses the three macOS inputs; each bad input is reported and the others are still read.</summary>
    internal static HostReading ReadMac(IReadOnlyDictionary<string, string> texts, string source, string reading)
    {
        var errors = new List<ParseError>();
        var table = MacPsParser.Parse(texts[PsFile]);
        errors.AddRange(table.Errors);

        var vm = VmStatParser.Parse(texts[VmStatFile]);
        var sysctl = SysctlLines(texts[SysctlFile]);
        var swap = sysctl.TryGetValue(SwapUsageParser.Source, out var swapLine)
            ? SwapUsageParser.Parse(swapLine)
            : Parsed<SwapUsage>.Failure(new ParseError(SwapUsageParser.Source, 0, $"no {SwapUsageParser.Source} line in {SysctlFile}"));
        var level = sysctl.TryGetValue(PressureLevelParser.Source, out var levelLine)
            ? PressureLevelParser.Parse(levelLine)
            : Parsed<int>.Failure(new ParseError(PressureLevelParser.Source, 0, $"no {PressureLevelParser.Source} line in {SysctlFile}"));
        foreach (var error in new[] { vm.Error, swap.Error, level.Error })
        {
            if (error is not null)
                errors.Add(error);
        }

        var pressure = vm.Value is { } v && swap.Value is { } s && level.Ok
            ? new PressureSample(DateTimeOffset.UtcNow, v.AvailableMb, s.UsedMb, s.TotalMb, level.Value, v.CompressorMb)
            : null;
        return new HostReading(MacOs, source, reading, pressure, table.Rows, errors);
    }

    private static HostReading ReadLinux(string procRoot, string source)
    {
        var port = new LinuxPressureSource(procRoot);
        var pressure = port.Sample(DateTimeOffset.UtcNow);
        var table = new LinuxProcessTable(procRoot).Read();
        var errors = new List<ParseError>(table.Errors);
        if (pressure.Error is { } error)
            errors.Insert(0, error);
        var reading = source == "live" ? ((IPressurePort)port).Reading : "capture of " + ((IPressurePort)port).Reading;
        return new HostReading(Linux, source, reading, pressure.Value, table.Rows, errors);
    }

    /// <summary>The value text of each <c>key: value</c> line, as <c>sysctl</c> without <c>-n</c> prints them.</summary>
    private static Dictionary<string, string> SysctlLines(string text)
    {
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, line) in TextLines.Split(text))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                lines.TryAdd(line[..colon].Trim(), line);
        }

        return lines;
    }

    private static Dictionary<string, string> RunMacCommands(ICommandRunner runner)
    {
        string Run(string file, IReadOnlyList<string> args)
        {
            var result = runner.Run(file, args, MacCommands.Timeout);
            return result.Succeeded ? result.Output : "";
        }

        return new Dictionary<string, string>
        {
            [VmStatFile] = Run(MacCommands.VmStat, []),
            [SysctlFile] = Run(MacCommands.Sysctl, SysctlKeys),
            [PsFile] = Run(MacCommands.Ps, MacPsParser.Arguments),
        };
    }

    private static void WriteMac(string dir, IReadOnlyDictionary<string, string> texts)
    {
        Directory.CreateDirectory(dir);
        foreach (var (file, text) in texts)
            File.WriteAllText(Path.Join(dir, file), text);
        WriteOs(dir, MacOs);
    }

    private static void WriteOs(string dir, string os)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, "os"), os + "\n");
    }

    /// <summary>Copies meminfo, PSI and every process's stat, cmdline and status; a process that exits meanwhile is skipped.</summary>
    private static void CopyLinux(string procRoot, string target)
    {
        CopyIfReadable(Path.Join(procRoot, "meminfo"), Path.Join(target, "meminfo"));
        CopyIfReadable(Path.Join(procRoot, "pressure", "memory"), Path.Join(target, "pressure", "memory"));
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
                continue;
            foreach (var file in LinuxPidFiles)
                CopyIfReadable(Path.Join(dir, file), Path.Join(target, name, file));
        }
    }

    private static void CopyIfReadable(string from, string to)
    {
        try
        {
            var bytes = File.ReadAllBytes(from);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.WriteAllBytes(to, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone between listing and reading, or not ours to read: the live scan skips it too.
        }
    }

    private static void RequireFiles(string dir, string[] files)
    {
        var missing = files.Where(f => !File.Exists(Path.Join(dir, f))).ToArray();
        if (missing.Length > 0)
            throw new CaptureException($"{dir}: capture incomplete: missing {string.Join(", ", missing)}");
    }

    private static string ReadBounded(string path, List<ParseError> errors)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(stream.Length, MaxFileBytes)];
        stream.ReadExactly(buffer);
        if (stream.Length > MaxFileBytes)
            errors.Add(new ParseError(Path.GetFileName(path), 0, $"{stream.Length} bytes; only the first {MaxFileBytes} were read"));
        return System.Text.Encoding.UTF8.GetString(buffer);
    }
}
